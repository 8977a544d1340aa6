using System.Buffers.Binary;
using CardOS.Apdu;
using CardOS.Runtime;
using CardOS.Security;
using CardOS.Storage;
using I = CardOS.Applets.SecurityCard.SecurityCardInstructions;

namespace CardOS.Applets.SecurityCard;

/// <summary>
/// The security key card of EP 0 668 579: it carries one key that closes a card's security lock and one that opens it.
/// It holds the two master keys, derives a card's own lock key from that card's card#, and answers the cryptogram the
/// card's EXTERNAL AUTHENTICATE expects (INTERNAL AUTHENTICATE), once its holder has presented the PIN.
/// </summary>
/// <remarks>Its keys and PIN are install parameters: written at the first install, kept in EEPROM after that.</remarks>
public sealed class SecurityKeyCardApplet : Applet
{
    /// <summary>The default AID: F0 "CDOS" "SK" 01.</summary>
    public static readonly Aid DefaultAid = Aid.Parse("F043444F53534B01");

    private const int InputLength = SecurityCardMacs.ChallengeLength + 8;

    private readonly PersistentArray _keys;
    private readonly PersistentArray _state;
    private readonly OwnerPin _pin;

    /// <summary>Creates the applet; on a blank EEPROM the install parameters personalise it.</summary>
    /// <param name="context">The applet's context.</param>
    /// <param name="closeMasterKey">The 32-byte master key that closes locks (ignored once personalised).</param>
    /// <param name="openMasterKey">The 32-byte master key that opens locks (ignored once personalised).</param>
    /// <param name="pin">The holder's PIN, 4 to 12 digits (ignored once personalised).</param>
    public SecurityKeyCardApplet(AppletContext context, byte[]? closeMasterKey = null, byte[]? openMasterKey = null, string? pin = null)
        : base(context)
    {
        _state = context.AllocatePersistent(1, 1);
        _keys = context.AllocatePersistent(2, 2 * SecurityCardMacs.KeyLength);
        _pin = new OwnerPin(context, 3, SecurityCardApplet.PinTryLimit, PinBlock.Length);
        if (_state[0] != 0 || closeMasterKey is null || openMasterKey is null || pin is null)
            return;
        if (closeMasterKey.Length != SecurityCardMacs.KeyLength || openMasterKey.Length != SecurityCardMacs.KeyLength)
            throw new ArgumentException($"The master keys have {SecurityCardMacs.KeyLength} bytes each.");

        context.BeginTransaction();
        _keys.Write(0, closeMasterKey);
        _keys.Write(SecurityCardMacs.KeyLength, openMasterKey);
        _pin.Update(PinBlock.Encode(pin));
        _state.Write(0, 1);
        context.CommitTransaction();
    }

    /// <summary>Installs a key card with the test master keys and PIN 4321 (<see cref="SecurityCardTestKeys"/>). For the CLI and demos.</summary>
    /// <returns>The installed applet.</returns>
    public static SecurityKeyCardApplet Install(Card card, bool isDefault = false)
    {
        ArgumentNullException.ThrowIfNull(card);
        return card.Install(
            DefaultAid,
            context => new SecurityKeyCardApplet(context, SecurityCardTestKeys.CloseLockMasterKey(), SecurityCardTestKeys.OpenLockMasterKey(), SecurityCardTestKeys.KeyCardPin),
            isDefault);
    }

    /// <inheritdoc />
    protected override void Process(ApduContext apdu)
    {
        if (apdu.Cla.IsProprietary)
            throw new IsoException(StatusWord.ClassNotSupported);
        switch (apdu.Ins)
        {
            case I.Verify:
                Verify(apdu);
                return;
            case I.InternalAuthenticate:
                InternalAuthenticate(apdu);
                return;
            default:
                throw new IsoException(StatusWord.InstructionNotSupported);
        }
    }

    // VERIFY 00 20 00 81 [08 PIN block].
    private void Verify(ApduContext apdu)
    {
        if (apdu.P1 != 0)
            throw new IsoException(StatusWord.IncorrectP1P2);
        if (apdu.P2 != I.PinReference)
            throw new IsoException(StatusWord.ReferencedDataNotFound);
        if (_state[0] == 0)
            throw new IsoException(StatusWord.ReferenceDataNotUsable);
        if (_pin.IsBlocked)
            throw new IsoException(StatusWord.AuthenticationMethodBlocked);
        if (apdu.Data.IsEmpty)
        {
            if (!_pin.IsValidated)
                throw new IsoException(StatusWord.VerificationFailed(_pin.TriesRemaining));
            return;
        }

        if (apdu.Data.Length != PinBlock.Length)
            throw new IsoException(StatusWord.WrongLength);
        if (!PinBlock.IsValid(apdu.Data))
            throw new IsoException(StatusWord.WrongData);
        if (!_pin.Check(apdu.Data))
            throw new IsoException(StatusWord.VerificationFailed(_pin.TriesRemaining));
    }

    // INTERNAL AUTHENTICATE 00 88 00 81|82 18 challenge card# 00: the cryptogram that closes (81) or opens (82) that card's lock.
    private void InternalAuthenticate(ApduContext apdu)
    {
        if (apdu.P1 != 0)
            throw new IsoException(StatusWord.IncorrectP1P2);
        if (apdu.P2 is not (I.CloseLockKeyReference or I.OpenLockKeyReference))
            throw new IsoException(StatusWord.ReferencedDataNotFound);
        if (apdu.Data.Length != InputLength)
            throw new IsoException(StatusWord.WrongLength);
        if (_state[0] == 0)
            throw new IsoException(StatusWord.ConditionsOfUseNotSatisfied);
        if (_pin.IsBlocked)
            throw new IsoException(StatusWord.AuthenticationMethodBlocked);
        if (!_pin.IsValidated)
            throw new IsoException(StatusWord.SecurityStatusNotSatisfied);

        var operation = (LockOperation)apdu.P2;
        ulong cardNumber = BinaryPrimitives.ReadUInt64BigEndian(apdu.Data[SecurityCardMacs.ChallengeLength..]);
        ReadOnlySpan<byte> master = _keys.Slice(operation == LockOperation.Close ? 0 : SecurityCardMacs.KeyLength, SecurityCardMacs.KeyLength);
        byte[] cardKey = SecurityCardMacs.DeriveLockKey(master, operation, cardNumber);
        SecurityCardMacs.ComputeLockCryptogram(cardKey, operation, apdu.Data[..SecurityCardMacs.ChallengeLength], cardNumber, apdu.Response[..SecurityCardMacs.KeyLength]);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(cardKey);
        apdu.Send(SecurityCardMacs.KeyLength);
    }
}
