namespace CardOS.Apdu;

/// <summary>
/// A host-side command: how to encode it as a command APDU and how to read the card's answer to it. Send one with
/// <see cref="CardChannelExtensions.Send{TResponse}(ICardChannel, ICardCommand{TResponse})"/>.
/// </summary>
/// <typeparam name="TResponse">The response class that reads this command's answer.</typeparam>
public interface ICardCommand<out TResponse>
    where TResponse : CommandResponse
{
    /// <summary>The command APDU.</summary>
    CommandApdu CreateCommandApdu();

    /// <summary>Reads the card's answer to this command, whatever its status word.</summary>
    TResponse CreateResponseForApdu(ResponseApdu response);
}
