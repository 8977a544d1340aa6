using System.Buffers;
using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>Sends purse-family commands over any <see cref="ICardChannel"/>.</summary>
public static class PurseChannelExtensions
{
    /// <summary>Sends <paramref name="command"/> and reads the card's answer (any status word; check <see cref="CommandResponse.IsSuccess"/>).</summary>
    public static TResponse Send<TResponse>(this ICardChannel channel, IPurseCommand<TResponse> command)
        where TResponse : PurseResponse
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(command);

        // Pooled buffers: a fresh 64 KiB response buffer per command would cost more than the card's work.
        CommandApdu apdu = command.CreateCommandApdu();
        byte[] buffer = ArrayPool<byte>.Shared.Rent(CardChannelExtensions.MaxResponseLength + apdu.GetEncodedLength());
        try
        {
            Span<byte> response = buffer.AsSpan(0, CardChannelExtensions.MaxResponseLength);
            Span<byte> encoded = buffer.AsSpan(CardChannelExtensions.MaxResponseLength, apdu.GetEncodedLength());
            apdu.Encode(encoded);
            int length = channel.Transmit(encoded, response);
            return command.CreateResponseForApdu(ResponseApdu.Parse(response[..length]));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Sends <paramref name="command"/> and throws <see cref="IsoException"/> unless the card answers 9000.</summary>
    public static TResponse SendChecked<TResponse>(this ICardChannel channel, IPurseCommand<TResponse> command)
        where TResponse : PurseResponse
    {
        TResponse response = channel.Send(command);
        response.ThrowIfFailed();
        return response;
    }
}
