using System.Buffers;

namespace CardOS.Apdu;

/// <summary>Convenient ways to talk over an <see cref="ICardChannel"/>: command objects, raw bytes and hex.</summary>
public static class CardChannelExtensions
{
    /// <summary>The size of a buffer that holds any response APDU.</summary>
    public const int MaxResponseLength = CommandApduView.MaxNe + 2;

    /// <summary>Sends a command APDU, encoded in its shortest form.</summary>
    public static ResponseApdu Transmit(this ICardChannel channel, CommandApdu command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return channel.Transmit(command.ToArray().AsSpan());
    }

    /// <summary>Sends encoded command bytes.</summary>
    public static ResponseApdu Transmit(this ICardChannel channel, ReadOnlySpan<byte> command)
    {
        ArgumentNullException.ThrowIfNull(channel);
        byte[] response = new byte[MaxResponseLength];
        int length = channel.Transmit(command, response);
        return ResponseApdu.Parse(response.AsSpan(0, length));
    }

    /// <summary>Sends a command given as hex digits (spaces allowed), for example "00A4040007A0000000041010".</summary>
    public static ResponseApdu Transmit(this ICardChannel channel, string hex) => channel.Transmit(Hex.Decode(hex).AsSpan());

    /// <summary>Sends <paramref name="command"/> and reads the card's answer (any status word; check <see cref="CommandResponse.IsSuccess"/>).</summary>
    /// <exception cref="CardConnectionException">The card did not answer.</exception>
    public static TResponse Send<TResponse>(this ICardChannel channel, ICardCommand<TResponse> command)
        where TResponse : CommandResponse
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(command);

        // Pooled buffers: a fresh 64 KiB response buffer per command would cost more than the card's work.
        CommandApdu apdu = command.CreateCommandApdu();
        int encodedLength = apdu.GetEncodedLength();
        byte[] buffer = ArrayPool<byte>.Shared.Rent(MaxResponseLength + encodedLength);
        try
        {
            Span<byte> response = buffer.AsSpan(0, MaxResponseLength);
            Span<byte> encoded = buffer.AsSpan(MaxResponseLength, encodedLength);
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
    /// <exception cref="CardConnectionException">The card did not answer.</exception>
    public static TResponse SendChecked<TResponse>(this ICardChannel channel, ICardCommand<TResponse> command)
        where TResponse : CommandResponse
    {
        TResponse response = channel.Send(command);
        response.ThrowIfFailed();
        return response;
    }
}
