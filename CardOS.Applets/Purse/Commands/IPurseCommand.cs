using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>A purse-family command: it builds its command APDU and reads the matching response.</summary>
/// <typeparam name="TResponse">The response class that reads the card's answer.</typeparam>
public interface IPurseCommand<out TResponse>
    where TResponse : PurseResponse
{
    /// <summary>The command APDU.</summary>
    CommandApdu CreateCommandApdu();

    /// <summary>Reads the card's answer to this command.</summary>
    TResponse CreateResponseForApdu(ResponseApdu responseApdu);
}
