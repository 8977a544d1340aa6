using CardOS.Apdu;
using CardOS.Applets.SecurityCard.Commands;

namespace CardOS.Applets.SecurityCard;

/// <summary>
/// Host-side driver for the security key card, and the lock protocol across two readers: challenge from the card,
/// cryptogram from the key card, EXTERNAL AUTHENTICATE to the card.
/// </summary>
public sealed class SecurityKeyCardDriver
{
    private readonly ICardChannel _channel;

    /// <summary>Drives the key card behind <paramref name="channel"/>.</summary>
    public SecurityKeyCardDriver(ICardChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        _channel = channel as GetResponseChannel ?? new GetResponseChannel(channel);
    }

    /// <summary>Runs one command and reads its response.</summary>
    public TResponse Execute<TResponse>(ISecurityCardCommand<TResponse> command)
        where TResponse : SecurityCardResponse
    {
        ArgumentNullException.ThrowIfNull(command);
        return command.CreateResponseForApdu(SecurityCardDriver.Transmit(_channel, command.CreateCommandApdu()));
    }

    /// <summary>Selects the key card applet.</summary>
    public void Select(Aid? aid = null) => Execute(new SelectCommand(aid ?? SecurityKeyCardApplet.DefaultAid)).ThrowIfFailed();

    /// <summary>Presents the key card holder's PIN.</summary>
    public VerifyPinResponse VerifyPin(string pin) => Execute(new VerifyPinCommand(pin));

    /// <summary>The cryptogram that performs <paramref name="operation"/> on card <paramref name="cardNumber"/> for its <paramref name="challenge"/>.</summary>
    public byte[] ComputeCryptogram(LockOperation operation, ReadOnlyMemory<byte> challenge, ulong cardNumber) =>
        Execute(new InternalAuthenticateCommand(operation, challenge, cardNumber)).GetCryptogram();

    /// <summary>Closes or opens the lock of the (selected) card behind <paramref name="card"/>: challenge, cryptogram, EXTERNAL AUTHENTICATE.</summary>
    public void Operate(SecurityCardDriver card, LockOperation operation)
    {
        ArgumentNullException.ThrowIfNull(card);
        ulong cardNumber = card.ReadCardCertificate().CardNumber;
        byte[] challenge = card.GetChallenge();
        card.ExternalAuthenticate(operation, ComputeCryptogram(operation, challenge, cardNumber));
    }
}
