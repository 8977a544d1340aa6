using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using CardOS.Apdu;
using CardOS.Runtime;
using CardOS.Security;
using CardOS.Storage;
using I = CardOS.Applets.SecurityCard.SecurityCardInstructions;

namespace CardOS.Applets.SecurityCard;

/// <summary>
/// The security card of WO 98/25220 with the security lock of EP 0 668 579: a joint Schnorr key (S_U + S_C) mod Q
/// that no single party knows, CARD-CERT, a PIN, C_balance, ser# per certificate and seq# for withdrawals; offline
/// payments that output PAYMENT-CERT, authenticated withdrawals, and a lock that a security key card closes and opens.
/// Every command's bytes and status words: docs/applets/security-card.md.
/// </summary>
/// <remarks>
/// <para>Secrets (S_U, S_C, K_M, the lock keys) enter by PUT DATA or on-card generation and no command ever outputs them.</para>
/// <para>A payment computes its signature in RAM first, then debits C_balance, advances ser# and records the
/// PAYMENT-CERT in one transaction, and answers only after the commit: a power cut at any write leaves either the
/// whole signed payment or nothing. The recorded PAYMENT-CERT stays readable (GET DATA DF21) in case the answer
/// was lost on its way.</para>
/// <para>Group arithmetic uses System.Numerics.BigInteger, so signing allocates (unlike the rest of the APDU path).</para>
/// </remarks>
public sealed class SecurityCardApplet : Applet
{
    /// <summary>The default AID: F0 "CDOS" "SC" 01.</summary>
    public static readonly Aid DefaultAid = Aid.Parse("F043444F53534301");

    /// <summary>PIN tries before the PIN blocks.</summary>
    public const int PinTryLimit = 3;

    /// <summary>Bytes of the status record (GET DATA DF20).</summary>
    public const int StatusLength = 20;

    /// <summary>Life-cycle status byte while personalising (ISO/IEC 7816-4 5.3.3.2: initialisation).</summary>
    public const byte LifeCycleInitialisation = 0x03;

    /// <summary>Life-cycle status byte once activated (ISO/IEC 7816-4 5.3.3.2: operational, activated).</summary>
    public const byte LifeCycleOperational = 0x05;

    // Personalisation flags (state byte 2, and the status record).
    internal const byte FlagUserSecret = 0x01;
    internal const byte FlagBankSecret = 0x02;
    internal const byte FlagPin = 0x04;
    internal const byte FlagWithdrawalKey = 0x08;
    internal const byte FlagCloseKey = 0x10;
    internal const byte FlagOpenKey = 0x20;
    internal const byte FlagCertificate = 0x40;
    internal const byte FlagBalance = 0x80;
    internal const byte FlagsRequired = 0x7F;

    private const int ScalarLength = 32;
    private const int StateLifeCycle = 0;
    private const int StateLock = 1;
    private const int StateFlags = 2;
    private const int CounterBalance = 0;
    private const int CounterSerial = 4;
    private const int CounterSequence = 8;
    private const int CounterLastCredited = 12;
    private const int KeyWithdrawal = 0;
    private const int KeyClose = 32;
    private const int KeyOpen = 64;
    private const int PendingLength = 1 + 4 + 4 + SecurityCardMacs.NonceLength;

    private readonly PersistentArray _state;
    private readonly PersistentArray _secrets;
    private readonly PersistentArray _keys;
    private readonly PersistentArray _certificate;
    private readonly PersistentArray _counters;
    private readonly PersistentArray _pending;
    private readonly PersistentArray _lastPayment;
    private readonly OwnerPin _pin;
    private readonly TransientArray _challenge;

    /// <summary>Creates the applet, allocating (or re-binding to) its EEPROM objects.</summary>
    public SecurityCardApplet(AppletContext context)
        : this(context, SchnorrGroup.Rfc5114Modp2048Q256)
    {
    }

    /// <summary>Creates the applet over another group (tests); every card and terminal of a system shares one.</summary>
    public SecurityCardApplet(AppletContext context, SchnorrGroup group)
        : base(context)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (group.ScalarLength != ScalarLength || group.ElementLength > CardCertificate.KeyLength)
            throw new ArgumentException("The card's formats need a 256-bit Q and P of at most 2048 bits.", nameof(group));
        Group = group;
        _state = context.AllocatePersistent(1, 4);
        _secrets = context.AllocatePersistent(2, 2 * ScalarLength);
        _keys = context.AllocatePersistent(3, 3 * SecurityCardMacs.KeyLength);
        _certificate = context.AllocatePersistent(4, CardCertificate.Length);
        _counters = context.AllocatePersistent(5, 16);
        _pending = context.AllocatePersistent(6, PendingLength);
        _lastPayment = context.AllocatePersistent(7, 1 + PaymentCertificate.MaxLength);
        _pin = new OwnerPin(context, 8, PinTryLimit, PinBlock.Length);
        _challenge = context.AllocateTransient(1 + SecurityCardMacs.ChallengeLength, TransientClear.OnDeselect);
    }

    /// <summary>
    /// Installs the applet on <paramref name="card"/> (powering it on if needed; the card stays powered with the applet
    /// selected on the basic channel) and, unless the card's EEPROM already holds
    /// an activated card, personalises it with <see cref="SecurityCardTestKeys"/>: PIN 1234, the test S_U and S_C, the test
    /// bank's CARD-CERT for <paramref name="cardNumber"/>, C_balance <paramref name="initialBalance"/>. For the CLI and demos.
    /// </summary>
    /// <returns>The installed applet.</returns>
    public static SecurityCardApplet Install(Card card, ulong cardNumber = SecurityCardTestKeys.CardNumber, uint initialBalance = SecurityCardTestKeys.InitialBalance, bool isDefault = false)
    {
        ArgumentNullException.ThrowIfNull(card);
        SecurityCardApplet applet = card.Install(DefaultAid, context => new SecurityCardApplet(context), isDefault);
        if (!card.IsPowered)
            card.PowerOn();
        var driver = new SecurityCardDriver(new DirectCardChannel(card));
        driver.Select();
        if (!driver.ReadStatus().IsOperational)
        {
            using SecurityCardBankKeys keys = SecurityCardTestKeys.CreateBankKeys();
            var issuer = new SecurityCardIssuer(keys, applet.Group, card.Options.TimeProvider);
            BigInteger userPublicKey = SecurityCardIssuer.PersonalizeUserPart(driver, SecurityCardTestKeys.Pin, SecurityCardTestKeys.UserSecret());
            issuer.PersonalizeBankPart(driver, cardNumber, userPublicKey, initialBalance, SecurityCardTestKeys.BankSecret());
        }

        return applet;
    }

    /// <summary>The Schnorr group the card signs in.</summary>
    public SchnorrGroup Group { get; }

    /// <inheritdoc />
    public override bool SupportsExtendedLength => true;

    /// <inheritdoc />
    public override bool SupportsChaining => true;

    private bool IsOperational => _state[StateLifeCycle] == LifeCycleOperational;

    private bool IsLocked => _state[StateLock] != 0;

    private byte Flags => _state[StateFlags];

    private ulong CardNumber => BinaryPrimitives.ReadUInt64BigEndian(_certificate.Slice(CardCertificate.CardNumberOffset, 8));

    /// <summary>S_U and S_C as the EEPROM holds them now: for the tests that search every response for them. No APDU reaches this.</summary>
    internal (byte[] UserSecret, byte[] BankSecret) CopySecretsForTests() =>
        (_secrets.Slice(0, ScalarLength).ToArray(), _secrets.Slice(ScalarLength, ScalarLength).ToArray());

    /// <inheritdoc />
    protected override void ProcessSelect(ApduContext apdu)
    {
        // A warning, not an error: the applet is selected, and the terminal learns at once that the lock is closed.
        if (IsOperational && IsLocked)
            apdu.Send(0, SecurityCardStatusWords.SelectedWhileLocked);
    }

    /// <inheritdoc />
    protected override void Process(ApduContext apdu)
    {
        // A challenge is good for the one command that follows it.
        Span<byte> challenge = stackalloc byte[SecurityCardMacs.ChallengeLength];
        bool hasChallenge = _challenge.Span[0] != 0;
        _challenge.Span[1..].CopyTo(challenge);
        _challenge.Span.Clear();

        bool proprietary = apdu.Cla.IsProprietary;
        if (proprietary && apdu.Cla.IndicatesSecureMessaging)
            throw new IsoException(StatusWord.SecureMessagingNotSupported);

        switch (apdu.Ins)
        {
            case I.Payment or I.WithdrawalRequest or I.WithdrawalAcknowledge when !proprietary:
                throw new IsoException(StatusWord.ClassNotSupported);
            case I.Payment:
                Pay(apdu);
                return;
            case I.WithdrawalRequest:
                RequestWithdrawal(apdu);
                return;
            case I.WithdrawalAcknowledge:
                AcknowledgeWithdrawal(apdu);
                return;
            case I.Verify or I.ChangeReferenceData or I.Activate or I.GenerateKeyPair or I.ExternalAuthenticate or I.GetChallenge or I.GetData or I.PutData when proprietary:
                throw new IsoException(StatusWord.ClassNotSupported);
            case I.Verify:
                Verify(apdu);
                return;
            case I.ChangeReferenceData:
                ChangePin(apdu);
                return;
            case I.Activate:
                Activate(apdu);
                return;
            case I.GenerateKeyPair:
                GenerateKeyPair(apdu);
                return;
            case I.ExternalAuthenticate:
                ExternalAuthenticate(apdu, hasChallenge ? challenge : default);
                return;
            case I.GetChallenge:
                GetChallenge(apdu);
                return;
            case I.GetData:
                GetData(apdu);
                return;
            case I.PutData:
                PutData(apdu);
                return;
            default:
                throw new IsoException(StatusWord.InstructionNotSupported);
        }
    }

    private static void RequireP1P2(ApduContext apdu, byte p1, byte p2)
    {
        if (apdu.P1 != p1 || apdu.P2 != p2)
            throw new IsoException(StatusWord.IncorrectP1P2);
    }

    private static void RequireNoData(ApduContext apdu)
    {
        if (!apdu.Data.IsEmpty)
            throw new IsoException(StatusWord.WrongLength);
    }

    private void RequireOperational()
    {
        if (!IsOperational)
            throw new IsoException(StatusWord.ConditionsOfUseNotSatisfied);
    }

    private void RequirePersonalisation()
    {
        if (IsOperational)
            throw new IsoException(StatusWord.ConditionsOfUseNotSatisfied);
    }

    private void RequireUnlocked()
    {
        if (IsLocked)
            throw new IsoException(SecurityCardStatusWords.SecurityLockClosed);
    }

    private void RequirePin()
    {
        if (_pin.IsBlocked)
            throw new IsoException(StatusWord.AuthenticationMethodBlocked);
        if (!_pin.IsValidated)
            throw new IsoException(StatusWord.SecurityStatusNotSatisfied);
    }

    // VERIFY 00 20 00 81 [08 PIN block]: ISO/IEC 7816-4 7.5.6.
    private void Verify(ApduContext apdu)
    {
        if (apdu.P1 != 0)
            throw new IsoException(StatusWord.IncorrectP1P2);
        if (apdu.P2 != I.PinReference)
            throw new IsoException(StatusWord.ReferencedDataNotFound);
        if (!_pin.HasValue)
            throw new IsoException(StatusWord.ReferenceDataNotUsable);
        if (apdu.Data.IsEmpty)
        {
            // ISO/IEC 7816-4 7.5.6: no data field asks for the verification status.
            if (_pin.IsBlocked)
                throw new IsoException(StatusWord.AuthenticationMethodBlocked);
            if (!_pin.IsValidated)
                throw new IsoException(StatusWord.VerificationFailed(_pin.TriesRemaining));
            return;
        }

        CheckPin(apdu.Data);
    }

    private void CheckPin(ReadOnlySpan<byte> block)
    {
        if (block.Length != PinBlock.Length)
            throw new IsoException(StatusWord.WrongLength);
        if (!PinBlock.IsValid(block))
            throw new IsoException(StatusWord.WrongData);
        if (_pin.IsBlocked)
            throw new IsoException(StatusWord.AuthenticationMethodBlocked);
        if (!_pin.Check(block))
            throw new IsoException(StatusWord.VerificationFailed(_pin.TriesRemaining));
    }

    // CHANGE REFERENCE DATA 00 24 01 81 08 new (personalisation) / 00 24 00 81 10 old new: ISO/IEC 7816-4 7.5.7.
    private void ChangePin(ApduContext apdu)
    {
        if (apdu.P2 != I.PinReference)
            throw new IsoException(apdu.P1 is I.SetPinP1 or I.ChangePinP1 ? StatusWord.ReferencedDataNotFound : StatusWord.IncorrectP1P2);
        if (apdu.P1 == I.SetPinP1)
        {
            RequirePersonalisation();
            if (apdu.Data.Length != PinBlock.Length)
                throw new IsoException(StatusWord.WrongLength);
            if (!PinBlock.IsValid(apdu.Data))
                throw new IsoException(StatusWord.WrongData);
            Context.BeginTransaction();
            _pin.Update(apdu.Data);
            SetFlags(FlagPin, 0);
            Context.CommitTransaction();
            return;
        }

        if (apdu.P1 != I.ChangePinP1)
            throw new IsoException(StatusWord.IncorrectP1P2);
        RequireOperational();
        if (apdu.Data.Length != 2 * PinBlock.Length)
            throw new IsoException(StatusWord.WrongLength);
        ReadOnlySpan<byte> newBlock = apdu.Data[PinBlock.Length..];
        if (!PinBlock.IsValid(apdu.Data[..PinBlock.Length]) || !PinBlock.IsValid(newBlock))
            throw new IsoException(StatusWord.WrongData);
        CheckPin(apdu.Data[..PinBlock.Length]);
        _pin.Update(newBlock);
    }

    // ACTIVATE FILE 00 44 00 00: ISO/IEC 7816-9; ends personalisation for good.
    private void Activate(ApduContext apdu)
    {
        apdu.RequireP1P2(0, 0);
        RequireNoData(apdu);
        RequirePersonalisation();
        if ((Flags & FlagsRequired) != FlagsRequired)
            throw new IsoException(StatusWord.ConditionsOfUseNotSatisfied);
        _state.Write(StateLifeCycle, LifeCycleOperational);
    }

    // GENERATE ASYMMETRIC KEY PAIR 00 47 80 01 00 (generate S_U) / 00 47 81 01|02 00 (read P_U | P_C).
    private void GenerateKeyPair(ApduContext apdu)
    {
        if (apdu.P1 is not (I.GenerateP1 or I.ReadPublicKeyP1))
            throw new IsoException(StatusWord.IncorrectP1P2);
        if (apdu.P2 is not (I.UserKeyReference or I.BankKeyReference))
            throw new IsoException(StatusWord.ReferencedDataNotFound);
        RequireNoData(apdu);

        int offset = apdu.P2 == I.UserKeyReference ? 0 : ScalarLength;
        if (apdu.P1 == I.GenerateP1)
        {
            // Only S_U is generated on card (WO 98/25220 FIG. 4 step 240, method 2); the bank chooses S_C.
            if (apdu.P2 != I.UserKeyReference)
                throw new IsoException(StatusWord.IncorrectP1P2);
            RequirePersonalisation();
            Span<byte> secret = stackalloc byte[ScalarLength];
            BigInteger value;
            do
            {
                Context.GetRandomBytes(secret);
                value = SchnorrGroup.ReadUnsigned(secret);
            }
            while (value.IsZero || value >= Group.Q);

            StoreSecret(0, secret, FlagUserSecret);
            CryptographicOperations.ZeroMemory(secret);
        }
        else if ((Flags & (offset == 0 ? FlagUserSecret : FlagBankSecret)) == 0)
        {
            throw new IsoException(StatusWord.ReferencedDataNotFound);
        }

        SendPublicKey(apdu, offset);
    }

    private void SendPublicKey(ApduContext apdu, int secretOffset)
    {
        BigInteger publicKey = Group.PublicKey(SchnorrGroup.ReadUnsigned(_secrets.Slice(secretOffset, ScalarLength)));
        SchnorrGroup.WriteUnsigned(publicKey, apdu.Response[..Group.ElementLength]);
        apdu.Send(Group.ElementLength);
    }

    // GET CHALLENGE 00 84 00 00 10: ISO/IEC 7816-4 7.5.3; good for the next command only.
    private void GetChallenge(ApduContext apdu)
    {
        apdu.RequireP1P2(0, 0);
        RequireNoData(apdu);
        if (apdu.Ne < SecurityCardMacs.ChallengeLength)
            throw new IsoException(StatusWord.WrongLength);
        Span<byte> stored = _challenge.Span;
        Context.GetRandomBytes(stored[1..]);
        stored[0] = 1;
        apdu.Send(stored[1..]);
    }

    // EXTERNAL AUTHENTICATE 00 82 00 81|82 20 cryptogram: the security key card closes (81) or opens (82) the lock.
    private void ExternalAuthenticate(ApduContext apdu, ReadOnlySpan<byte> challenge)
    {
        if (apdu.P1 != 0)
            throw new IsoException(StatusWord.IncorrectP1P2);
        if (apdu.P2 is not (I.CloseLockKeyReference or I.OpenLockKeyReference))
            throw new IsoException(StatusWord.ReferencedDataNotFound);
        if (apdu.Data.Length != SecurityCardMacs.KeyLength)
            throw new IsoException(StatusWord.WrongLength);
        RequireOperational();
        if (challenge.IsEmpty)
            throw new IsoException(StatusWord.ConditionsOfUseNotSatisfied);

        var operation = (LockOperation)apdu.P2;
        Span<byte> expected = stackalloc byte[SecurityCardMacs.KeyLength];
        ReadOnlySpan<byte> key = _keys.Slice(operation == LockOperation.Close ? KeyClose : KeyOpen, SecurityCardMacs.KeyLength);
        SecurityCardMacs.ComputeLockCryptogram(key, operation, challenge, CardNumber, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, apdu.Data))
            throw new IsoException(SecurityCardStatusWords.AuthenticationFailed);
        _state.Write(StateLock, operation == LockOperation.Close ? (byte)1 : (byte)0);
    }

    // GET DATA 00 CA P1 P2 00: ISO/IEC 7816-4 7.4.2; the value of the data object, without tag and length.
    private void GetData(ApduContext apdu)
    {
        RequireNoData(apdu);
        switch ((ushort)((apdu.P1 << 8) | apdu.P2))
        {
            case SecurityCardTags.CardCertificate when (Flags & FlagCertificate) != 0:
                apdu.Send(_certificate.Span);
                return;
            case SecurityCardTags.Status:
                WriteStatus(apdu.Response);
                apdu.Send(StatusLength);
                return;
            case SecurityCardTags.LastPayment when _lastPayment[0] != 0:
                apdu.Send(_lastPayment.Slice(1, _lastPayment[0]));
                return;
            default:
                throw new IsoException(StatusWord.ReferencedDataNotFound);
        }
    }

    private void WriteStatus(Span<byte> destination)
    {
        destination[0] = IsOperational ? LifeCycleOperational : LifeCycleInitialisation;
        destination[1] = IsLocked ? (byte)1 : (byte)0;
        destination[2] = (byte)(_pin.HasValue ? _pin.TriesRemaining : 0);
        destination[3] = Flags;
        _counters.Span.CopyTo(destination[4..]);
    }

    // PUT DATA 00 DA P1 P2 Lc value: ISO/IEC 7816-4 7.4.3; personalisation only.
    private void PutData(ApduContext apdu)
    {
        RequirePersonalisation();
        ReadOnlySpan<byte> value = apdu.Data;
        switch ((ushort)((apdu.P1 << 8) | apdu.P2))
        {
            case SecurityCardTags.UserSecret:
                RequireScalar(value);
                StoreSecret(0, value, FlagUserSecret);
                return;
            case SecurityCardTags.BankSecret:
                RequireScalar(value);
                StoreSecret(ScalarLength, value, FlagBankSecret);
                return;
            case SecurityCardTags.WithdrawalKey:
                StoreKey(KeyWithdrawal, value, FlagWithdrawalKey);
                return;
            case SecurityCardTags.CloseLockKey:
                StoreKey(KeyClose, value, FlagCloseKey);
                return;
            case SecurityCardTags.OpenLockKey:
                StoreKey(KeyOpen, value, FlagOpenKey);
                return;
            case SecurityCardTags.InitialBalance:
                if (value.Length != 4)
                    throw new IsoException(StatusWord.WrongLength);
                Context.BeginTransaction();
                _counters.Write(CounterBalance, value);
                SetFlags(FlagBalance, 0);
                Context.CommitTransaction();
                return;
            case SecurityCardTags.CardCertificate:
                StoreCertificate(value);
                return;
            default:
                throw new IsoException(StatusWord.ReferencedDataNotFound);
        }
    }

    private void RequireScalar(ReadOnlySpan<byte> value)
    {
        if (value.Length != ScalarLength)
            throw new IsoException(StatusWord.WrongLength);
        BigInteger scalar = SchnorrGroup.ReadUnsigned(value);
        if (scalar.IsZero || scalar >= Group.Q)
            throw new IsoException(StatusWord.WrongData);
    }

    private void StoreSecret(int offset, ReadOnlySpan<byte> secret, byte flag)
    {
        // A new secret invalidates a CARD-CERT that certified the old public key.
        Context.BeginTransaction();
        _secrets.Write(offset, secret);
        SetFlags(flag, FlagCertificate);
        Context.CommitTransaction();
    }

    private void StoreKey(int offset, ReadOnlySpan<byte> key, byte flag)
    {
        if (key.Length != SecurityCardMacs.KeyLength)
            throw new IsoException(StatusWord.WrongLength);
        Context.BeginTransaction();
        _keys.Write(offset, key);
        SetFlags(flag, 0);
        Context.CommitTransaction();
    }

    private void StoreCertificate(ReadOnlySpan<byte> certificate)
    {
        if (certificate.Length != CardCertificate.Length)
            throw new IsoException(StatusWord.WrongLength);
        if ((Flags & (FlagUserSecret | FlagBankSecret)) != (FlagUserSecret | FlagBankSecret))
            throw new IsoException(StatusWord.ConditionsOfUseNotSatisfied);
        if (certificate[0] != CardCertificate.Format || !CertifiesOwnKeys(certificate))
            throw new IsoException(StatusWord.WrongData);
        Context.BeginTransaction();
        _certificate.Write(0, certificate);
        SetFlags(FlagCertificate, 0);
        Context.CommitTransaction();
    }

    /// <summary>True when the certificate's P_C and P_U are this card's, and their product is not 1.</summary>
    private bool CertifiesOwnKeys(ReadOnlySpan<byte> certificate)
    {
        BigInteger userSecret = SchnorrGroup.ReadUnsigned(_secrets.Slice(0, ScalarLength));
        BigInteger bankSecret = SchnorrGroup.ReadUnsigned(_secrets.Slice(ScalarLength, ScalarLength));
        if (((userSecret + bankSecret) % Group.Q).IsZero)
            return false;
        Span<byte> key = stackalloc byte[CardCertificate.KeyLength];
        SchnorrGroup.WriteUnsigned(Group.PublicKey(bankSecret), key);
        if (!key.SequenceEqual(certificate.Slice(CardCertificate.BankKeyOffset, CardCertificate.KeyLength)))
            return false;
        SchnorrGroup.WriteUnsigned(Group.PublicKey(userSecret), key);
        return key.SequenceEqual(certificate.Slice(CardCertificate.UserKeyOffset, CardCertificate.KeyLength));
    }

    private void SetFlags(byte set, byte clear) => _state.Write(StateFlags, (byte)((Flags | set) & ~clear));

    // PAYMENT 80 30 00 00 Lc spec 00: WO 98/25220 FIG. 7 and FIG. 8 steps 480-530.
    private void Pay(ApduContext apdu)
    {
        apdu.RequireP1P2(0, 0);
        RequireOperational();
        RequireUnlocked();
        ReadOnlySpan<byte> spec = apdu.Data;
        if (spec.Length is < PaymentSpecification.MinLength or > PaymentSpecification.MaxLength)
            throw new IsoException(StatusWord.WrongLength);
        uint amount = PaymentSpecification.ReadAmount(spec);
        ushort currency = BinaryPrimitives.ReadUInt16BigEndian(_certificate.Slice(CardCertificate.CurrencyOffset, 2));
        if (amount == 0 || PaymentSpecification.ReadCurrency(spec) != currency)
            throw new IsoException(StatusWord.WrongData);
        RequirePin();

        // One PIN presentation approves one payment attempt (FIG. 8 step 450), whatever its outcome.
        _pin.Reset();
        uint balance = _counters.ReadUInt32(CounterBalance);
        uint serial = _counters.ReadUInt32(CounterSerial);
        if (serial == uint.MaxValue)
            throw new IsoException(SecurityCardStatusWords.CounterExhausted);
        if (amount > balance)
            throw new IsoException(SecurityCardStatusWords.InsufficientBalance);

        // PAYMENT-CERT = {ser#, spec, b, r}, built in RAM before anything is written.
        int length = PaymentCertificate.GetEncodedLength(spec.Length);
        Span<byte> record = stackalloc byte[1 + PaymentCertificate.MaxLength];
        record[0] = (byte)length;
        Span<byte> certificate = record.Slice(1, length);
        BinaryPrimitives.WriteUInt32BigEndian(certificate, serial);
        certificate[4] = (byte)spec.Length;
        spec.CopyTo(certificate[5..]);
        Span<byte> b = certificate.Slice(5 + spec.Length, PaymentCertificate.ChallengeLength);
        Span<byte> r = certificate[(5 + spec.Length + PaymentCertificate.ChallengeLength)..];
        Sign(serial, spec, b, r);

        Span<byte> counters = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(counters, balance - amount);
        BinaryPrimitives.WriteUInt32BigEndian(counters[4..], serial + 1);
        Context.BeginTransaction();
        _counters.Write(CounterBalance, counters);
        _lastPayment.Write(0, record[..(1 + length)]);
        Context.CommitTransaction();
        apdu.Send(certificate);
    }

    /// <summary>b = h(ser#, spec, g^w mod P), r = (b (S_C + S_U) + w) mod Q.</summary>
    private void Sign(uint serial, ReadOnlySpan<byte> spec, Span<byte> b, Span<byte> r)
    {
        ReadOnlySpan<byte> secrets = _secrets.Span;
        BigInteger key = (SchnorrGroup.ReadUnsigned(secrets[..ScalarLength]) + SchnorrGroup.ReadUnsigned(secrets[ScalarLength..])) % Group.Q;
        BigInteger w = DeriveNonce(secrets, serial, spec);
        Span<byte> a = stackalloc byte[Group.ElementLength];
        SchnorrGroup.WriteUnsigned(BigInteger.ModPow(Group.G, w, Group.P), a);
        JointSchnorr.ComputeChallenge(serial, spec, a, b);
        SchnorrGroup.WriteUnsigned(((SchnorrGroup.ReadUnsigned(b) * key) + w) % Group.Q, r);
    }

    /// <summary>
    /// w in [1, Q - 1], hedged (RFC 6979 3.6 style): HMAC-SHA256 under the card's secrets over fresh randomness, ser#
    /// and SHA-256(spec), two blocks reduced mod Q. A weak or repeating generator then still never gives the same w
    /// to two different messages, which would reveal S_U + S_C.
    /// </summary>
    private BigInteger DeriveNonce(ReadOnlySpan<byte> secrets, uint serial, ReadOnlySpan<byte> spec)
    {
        Span<byte> input = stackalloc byte[1 + 32 + 4 + 32];
        Context.GetRandomBytes(input.Slice(1, 32));
        BinaryPrimitives.WriteUInt32BigEndian(input[33..], serial);
        SHA256.HashData(spec, input[37..]);
        Span<byte> block = stackalloc byte[64];
        for (byte round = 0; ; round += 2)
        {
            input[0] = round;
            HMACSHA256.HashData(secrets, input, block[..32]);
            input[0] = (byte)(round + 1);
            HMACSHA256.HashData(secrets, input, block[32..]);
            BigInteger w = SchnorrGroup.ReadUnsigned(block) % Group.Q;
            if (!w.IsZero)
            {
                CryptographicOperations.ZeroMemory(block);
                return w;
            }
        }
    }

    // WITHDRAWAL REQUEST 80 32 00 00 04 amount 00: WO 98/25220 FIG. 10 steps 840-870.
    private void RequestWithdrawal(ApduContext apdu)
    {
        apdu.RequireP1P2(0, 0);
        RequireOperational();
        RequireUnlocked();
        if (apdu.Data.Length != 4)
            throw new IsoException(StatusWord.WrongLength);
        RequirePin();
        _pin.Reset();
        uint amount = BinaryPrimitives.ReadUInt32BigEndian(apdu.Data);
        uint balance = _counters.ReadUInt32(CounterBalance);
        uint sequence = _counters.ReadUInt32(CounterSequence);
        if ((ulong)balance + amount > uint.MaxValue)
            throw new IsoException(SecurityCardStatusWords.MaximumBalanceExceeded);
        if (sequence == uint.MaxValue)
            throw new IsoException(SecurityCardStatusWords.CounterExhausted);
        sequence++;

        Span<byte> request = apdu.Response[..WithdrawalRequest.Length];
        BinaryPrimitives.WriteUInt64BigEndian(request, CardNumber);
        _certificate.Slice(CardCertificate.CertificateNumberOffset, 4).CopyTo(request[8..]);
        BinaryPrimitives.WriteUInt32BigEndian(request[12..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(request[16..], balance);
        BinaryPrimitives.WriteUInt32BigEndian(request[20..], amount);
        _counters.Slice(CounterLastCredited, 4).CopyTo(request[24..]);
        Span<byte> nonce = request.Slice(28, SecurityCardMacs.NonceLength);
        Context.GetRandomBytes(nonce);
        SecurityCardMacs.ComputeRequestMac(_keys.Slice(KeyWithdrawal, SecurityCardMacs.KeyLength), request[..WithdrawalRequest.BodyLength], request[WithdrawalRequest.BodyLength..]);

        // The request waits in EEPROM, so the bank's acknowledgement still counts after a power cut; a newer
        // request replaces it, and the bank learns from "last credited seq#" which acknowledgements never arrived.
        Span<byte> pending = stackalloc byte[PendingLength];
        pending[0] = 1;
        BinaryPrimitives.WriteUInt32BigEndian(pending[1..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(pending[5..], amount);
        nonce.CopyTo(pending[9..]);
        Context.BeginTransaction();
        _counters.Write(CounterSequence, request.Slice(12, 4));
        _pending.Write(0, pending);
        Context.CommitTransaction();
        apdu.Send(WithdrawalRequest.Length);
    }

    // WITHDRAWAL ACKNOWLEDGE 80 34 00 00 Lc seq# amount [CARD-CERT] MAC: WO 98/25220 FIG. 10 steps 910-920.
    private void AcknowledgeWithdrawal(ApduContext apdu)
    {
        apdu.RequireP1P2(0, 0);
        RequireOperational();
        RequireUnlocked();
        ReadOnlySpan<byte> data = apdu.Data;
        if (data.Length is not (WithdrawalAcknowledgement.Length or WithdrawalAcknowledgement.LengthWithCertificate))
            throw new IsoException(StatusWord.WrongLength);

        uint sequence = BinaryPrimitives.ReadUInt32BigEndian(data);
        uint amount = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        ReadOnlySpan<byte> newCertificate = data[8..^SecurityCardMacs.KeyLength];
        if (_pending[0] == 0 || _pending.ReadUInt32(1) != sequence)
            throw new IsoException(StatusWord.ConditionsOfUseNotSatisfied);

        Span<byte> mac = stackalloc byte[SecurityCardMacs.KeyLength];
        SecurityCardMacs.ComputeAcknowledgementMac(
            _keys.Slice(KeyWithdrawal, SecurityCardMacs.KeyLength), CardNumber, _pending.Slice(9, SecurityCardMacs.NonceLength), sequence, amount, newCertificate, mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, data[^SecurityCardMacs.KeyLength..]))
            throw new IsoException(SecurityCardStatusWords.AuthenticationFailed);
        if (amount != _pending.ReadUInt32(5) || (!newCertificate.IsEmpty && !IsRenewal(newCertificate)))
            throw new IsoException(StatusWord.WrongData);
        uint balance = _counters.ReadUInt32(CounterBalance);
        if ((ulong)balance + amount > uint.MaxValue)
            throw new IsoException(SecurityCardStatusWords.MaximumBalanceExceeded);

        Span<byte> counters = stackalloc byte[16];
        _counters.Span.CopyTo(counters);
        BinaryPrimitives.WriteUInt32BigEndian(counters, balance + amount);
        BinaryPrimitives.WriteUInt32BigEndian(counters[CounterLastCredited..], sequence);
        if (!newCertificate.IsEmpty)
            BinaryPrimitives.WriteUInt32BigEndian(counters[CounterSerial..], 0); // ser# counts payments per CARD-CERT

        Context.BeginTransaction();
        _counters.Write(0, counters);
        _pending.Write(0, 0);
        if (!newCertificate.IsEmpty)
        {
            _certificate.Write(0, newCertificate);
            _lastPayment.Write(0, 0);
        }

        Context.CommitTransaction();
    }

    /// <summary>A renewed CARD-CERT: same card#, same P_C and P_U, a higher cert#.</summary>
    private bool IsRenewal(ReadOnlySpan<byte> certificate)
    {
        ReadOnlySpan<byte> current = _certificate.Span;
        return certificate[0] == CardCertificate.Format
            && certificate.Slice(CardCertificate.CardNumberOffset, 8).SequenceEqual(current.Slice(CardCertificate.CardNumberOffset, 8))
            && certificate.Slice(CardCertificate.BankKeyOffset, 2 * CardCertificate.KeyLength).SequenceEqual(current.Slice(CardCertificate.BankKeyOffset, 2 * CardCertificate.KeyLength))
            && BinaryPrimitives.ReadUInt32BigEndian(certificate[CardCertificate.CertificateNumberOffset..]) > BinaryPrimitives.ReadUInt32BigEndian(current[CardCertificate.CertificateNumberOffset..]);
    }
}
