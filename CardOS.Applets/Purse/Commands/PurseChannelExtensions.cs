using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>Sends purse-family commands over any <see cref="ICardChannel"/>.</summary>
public static class PurseChannelExtensions
{
    /// <summary>Sends <paramref name="command"/> and reads the card's answer (any status word; check <see cref="PurseResponse.IsSuccess"/>).</summary>
    public static TResponse Send<TResponse>(this ICardChannel channel, IPurseCommand<TResponse> command)
        where TResponse : PurseResponse
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(command);
        return command.CreateResponseForApdu(channel.Transmit(command.CreateCommandApdu()));
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
