using System.Numerics;
using CardOS.Apdu;
using CardOS.Applets.SecurityCard.Commands;

namespace CardOS.Applets.SecurityCard;

/// <summary>
/// Host-side driver for the security card over any <see cref="ICardChannel"/> (in-process or PC/SC): runs the command
/// classes, follows 61xx / 6Cxx (<see cref="GetResponseChannel"/>) and sends data over 255 bytes by command chaining.
/// The convenience methods throw <see cref="IsoException"/> with the card's status word when it refuses.
/// </summary>
public sealed class SecurityCardDriver
{
    private const int MaxShortData = 255;
    private readonly ICardChannel _channel;

    /// <summary>Drives the card behind <paramref name="channel"/>.</summary>
    public SecurityCardDriver(ICardChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        _channel = channel as GetResponseChannel ?? new GetResponseChannel(channel);
    }

    /// <summary>Runs one command and reads its response (no exception for error status words).</summary>
    public TResponse Execute<TResponse>(ISecurityCardCommand<TResponse> command)
        where TResponse : SecurityCardResponse
    {
        ArgumentNullException.ThrowIfNull(command);
        return command.CreateResponseForApdu(Transmit(_channel, command.CreateCommandApdu()));
    }

    /// <summary>Selects the applet; true when its security lock is closed (SELECT answered 6283).</summary>
    public bool Select(Aid? aid = null)
    {
        SelectResponse response = Execute(new SelectCommand(aid ?? SecurityCardApplet.DefaultAid));
        if (!response.IsSelected)
            response.ThrowIfFailed();
        return response.IsLocked;
    }

    /// <summary>Presents the PIN; the answer says verified, tries left or blocked.</summary>
    public VerifyPinResponse VerifyPin(string pin) => Execute(new VerifyPinCommand(pin));

    /// <summary>Presents the PIN and throws unless it is verified.</summary>
    public void VerifyPinOrThrow(string pin) => VerifyPin(pin).ThrowIfFailed();

    /// <summary>Sets (personalisation, <paramref name="oldPin"/> null) or changes the PIN.</summary>
    public void ChangePin(string? oldPin, string newPin) => Execute(new ChangePinCommand(oldPin, newPin)).ThrowIfFailed();

    /// <summary>Has the card generate S_U; returns P_U.</summary>
    public BigInteger GenerateUserKey() => Execute(new GenerateUserKeyCommand()).GetPublicKey();

    /// <summary>Reads P_U (<see cref="SecurityCardInstructions.UserKeyReference"/>) or P_C (<see cref="SecurityCardInstructions.BankKeyReference"/>).</summary>
    public BigInteger ReadPublicKey(byte keyReference) => Execute(new ReadPublicKeyCommand(keyReference)).GetPublicKey();

    /// <summary>PUT DATA at personalisation.</summary>
    public void PutData(ushort tag, ReadOnlyMemory<byte> value) => Execute(new PutDataCommand(tag, value)).ThrowIfFailed();

    /// <summary>Ends personalisation.</summary>
    public void Activate() => Execute(new ActivateCommand()).ThrowIfFailed();

    /// <summary>Reads CARD-CERT (the caller verifies it).</summary>
    public CardCertificate ReadCardCertificate() => Execute(new GetCardCertificateCommand()).GetCertificate();

    /// <summary>Reads the status record.</summary>
    public SecurityCardStatus ReadStatus() => Execute(new GetCardStatusCommand()).GetStatus();

    /// <summary>Reads the last PAYMENT-CERT under the current CARD-CERT, or null if there is none.</summary>
    public PaymentCertificate? ReadLastPayment()
    {
        PaymentResponse response = Execute(new GetLastPaymentCommand());
        return response.StatusWord == StatusWord.ReferencedDataNotFound ? null : response.GetCertificate();
    }

    /// <summary>Has the card sign and debit a payment (verify the PIN first).</summary>
    public PaymentCertificate Pay(PaymentSpecification specification) => Execute(new PaymentCommand(specification)).GetCertificate();

    /// <summary>Asks the card for an authenticated withdrawal request (verify the PIN first).</summary>
    public WithdrawalRequest RequestWithdrawal(uint amount) => Execute(new WithdrawalRequestCommand(amount)).GetRequest();

    /// <summary>Gives the card the bank's acknowledgement; the card credits the amount (and installs a renewed CARD-CERT).</summary>
    public void AcknowledgeWithdrawal(ReadOnlyMemory<byte> acknowledgement) => Execute(new WithdrawalAcknowledgeCommand(acknowledgement)).ThrowIfFailed();

    /// <summary>Gets a 16-byte challenge for EXTERNAL AUTHENTICATE.</summary>
    public byte[] GetChallenge() => Execute(new GetChallengeCommand()).GetChallenge();

    /// <summary>Closes or opens the security lock with a key card's cryptogram over the last challenge.</summary>
    public void ExternalAuthenticate(LockOperation operation, ReadOnlyMemory<byte> cryptogram) =>
        Execute(new ExternalAuthenticateCommand(operation, cryptogram)).ThrowIfFailed();

    /// <summary>Sends a command, chaining its data in 255-byte parts when it is longer (ISO/IEC 7816-4 5.1.1.1).</summary>
    internal static ResponseApdu Transmit(ICardChannel channel, CommandApdu command)
    {
        if (command.Nc <= MaxShortData)
            return channel.Transmit(command);
        ReadOnlyMemory<byte> data = command.Data;
        for (int offset = 0; ; offset += MaxShortData)
        {
            bool last = data.Length - offset <= MaxShortData;
            ReadOnlySpan<byte> part = data.Span.Slice(offset, Math.Min(MaxShortData, data.Length - offset));
            var piece = new CommandApdu(last ? command.Cla : (byte)(command.Cla | 0x10), command.Ins, command.P1, command.P2, part, last ? command.Ne : 0);
            ResponseApdu response = channel.Transmit(piece);
            if (last || response.StatusWord != StatusWord.Success)
                return response;
        }
    }
}
