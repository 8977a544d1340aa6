using CardOS.Apdu;

namespace CardOS.Applets.SecurityCard.Commands;

/// <summary>One security card command: builds its command APDU and reads the card's response APDU into <typeparamref name="TResponse"/>.</summary>
/// <typeparam name="TResponse">The response class that reads this command's answer.</typeparam>
public interface ISecurityCardCommand<out TResponse>
    where TResponse : SecurityCardResponse
{
    /// <summary>The command APDU.</summary>
    CommandApdu CreateCommandApdu();

    /// <summary>Reads the card's answer to the command.</summary>
    TResponse CreateResponseForApdu(ResponseApdu response);
}
