using System.Buffers.Binary;
using System.Security.Cryptography;
using CardOS.Apdu;
using CardOS.FileSystem;
using CardOS.Runtime;
using CardOS.Security;
using CardOS.Storage;

namespace CardOS.Applets.BankHierarchy;

/// <summary>
/// The bank-hierarchy card of seed 000 (EP 0 668 579) for every role: user, branch, region, center and admin.
/// docs/applets/bank-hierarchy.md specifies every command, status word, packet and file.
/// </summary>
/// <remarks>
/// All card state lives in EEPROM files; the exchange session, the challenge and the next random seed live in RAM
/// (cleared on deselect and reset). Every value move is one transaction, and the paying card commits before the
/// receiving card's packet exists.
/// </remarks>
public sealed partial class BankCardApplet : Applet
{
    /// <summary>The AID the applet installs under by default.</summary>
    public static Aid DefaultAid { get; } = Aid.Parse("F0000668579001");

    // Session RAM layout.
    private const int SessionState = 0;
    private const int SessionAk0Index = 1;
    private const int SessionAmount = 2;
    private const int SessionPeerRole = 5;
    private const int SessionPeerKeyNumber = 6;
    private const int SessionOwnRandom = 8;
    private const int SessionPeerRandom = 16;
    private const int SessionPeerName = 24;
    private const int SessionPeerAccount = 32;
    private const int SessionSize = 40;

    private const byte ExchangeNone = 0;
    private const byte ExchangePayeeBegun = 1;
    private const byte ExchangeReceiverBegun = 2;
    private const byte ExchangePayerSentP1 = 3;
    private const byte ExchangeGiverSentP1 = 4;
    private const byte ExchangePayeeSentP3 = 5;
    private const byte ExchangeReceiverSentP5 = 6;

    private readonly BankFiles _files;
    private readonly SecurityStatus _security;
    private readonly OwnerPin _pin;
    private readonly OwnerPin _holderKey;
    private readonly TransientArray _session;
    private readonly TransientArray _challenge;
    private readonly TransientArray _nextSeed;
    private BankCipherCache? _ciphers;

    /// <summary>Creates the applet in its context (or re-binds to its files in an existing EEPROM image).</summary>
    /// <param name="context">The applet's context.</param>
    /// <param name="transportKey">The 16-byte key that unwraps PERSONALISE (written once, on a fresh image).</param>
    /// <param name="ciphers">Key schedules shared with other cards; null for a private cache built at first use.</param>
    public BankCardApplet(AppletContext context, ReadOnlySpan<byte> transportKey, BankCipherCache? ciphers = null)
        : base(context)
    {
        _ciphers = ciphers;
        if (transportKey.Length != BankCrypto.MacKeySize)
            throw new ArgumentException($"The transport key has {BankCrypto.MacKeySize} bytes.", nameof(transportKey));
        (_security, _pin, _holderKey) = CreateSecurity(context);
        _files = new BankFiles(context, _security, FileSystemObjectId);
        if (_files.TransportKey.Content.IndexOfAnyExcept((byte)0) < 0)
            _files.TransportKey.Update(0, transportKey);
        _session = context.AllocateTransient(SessionSize, TransientClear.OnDeselect);
        _challenge = context.AllocateTransient(1 + 16, TransientClear.OnDeselect);
        _nextSeed = context.AllocateTransient(1 + 8, TransientClear.OnDeselect);
    }

    /// <inheritdoc />
    public override bool SupportsExtendedLength => true;

    /// <inheritdoc />
    public override bool SupportsChaining => true;

    /// <summary>The card's role (<see cref="BankRole.None"/> while blank).</summary>
    public BankRole Role => (BankRole)_files.CardInfo.Content[CardInfoLayout.Role];

    /// <summary>The card's life state.</summary>
    public BankLifeState LifeState => (BankLifeState)_files.CardInfo.Content[CardInfoLayout.LifeState];

    /// <summary>The card's balance as its BALANCE file holds it (0 while blank); for tests and inspection.</summary>
    public uint Balance => _files.IsBound && BankBalance.TryDecodeAmount(_files.Balance.Content, out uint amount) ? amount : 0;

    private CryptoProfile Profile => (CryptoProfile)_files.CardInfo.Content[CardInfoLayout.Profile];

    private BankCrypto Crypto => CryptoFor(Profile);

    private BankCrypto CryptoFor(CryptoProfile profile) => (_ciphers ??= new BankCipherCache()).For(profile);

    /// <summary>Installs a blank card: the applet with its transport key, waiting for PERSONALISE.</summary>
    /// <param name="card">The card.</param>
    /// <param name="transportKey">The 16-byte transport key.</param>
    /// <param name="aid">The AID; <see cref="DefaultAid"/> when null.</param>
    /// <param name="isDefault">Select the applet at every power-up.</param>
    /// <param name="ciphers">Key schedules shared with other cards; null for a private cache.</param>
    public static BankCardApplet Install(Card card, ReadOnlySpan<byte> transportKey, Aid? aid = null, bool isDefault = false, BankCipherCache? ciphers = null)
    {
        ArgumentNullException.ThrowIfNull(card);
        byte[] key = transportKey.ToArray();
        return card.Install(aid ?? DefaultAid, context => new BankCardApplet(context, key, ciphers), isDefault);
    }

    /// <summary>
    /// Installs a documented test card (docs/applets/bank-hierarchy.md, Test keys): blank with the test transport key,
    /// personalised as <paramref name="which"/>, funded through a throwaway hierarchy when <paramref name="fund"/>.
    /// </summary>
    public static BankCardApplet InstallTestCard(Card card, BankTestCard which, CryptoProfile profile = CryptoProfile.Des, bool fund = true, Aid? aid = null, bool isDefault = false) =>
        BankTestCards.Install(card, which, profile, fund, aid, isDefault);

    /// <inheritdoc />
    protected override void Process(ApduContext apdu)
    {
        if (apdu.Cla.IsInterindustry)
        {
            ProcessInterindustry(apdu);
            return;
        }

        // Proprietary class '80'-'83' (b2-b1 the channel; chaining already resolved by the runtime).
        if ((apdu.Cla.Value & 0xEC) != 0x80)
            throw new IsoException(StatusWord.ClassNotSupported);
        ProcessProprietary(apdu);
    }

    private void ProcessProprietary(ApduContext apdu)
    {
        switch (apdu.Ins)
        {
            case BankInstructions.GetCardStatus:
                GetCardStatus(apdu);
                break;
            case BankInstructions.IssueCard:
                IssueCard(apdu);
                break;
            case BankInstructions.Personalise:
                Personalise(apdu);
                break;
            case BankInstructions.BeginExchange:
                BeginExchange(apdu);
                break;
            case BankInstructions.ExchangeStep1:
                ExchangeStep1(apdu);
                break;
            case BankInstructions.ExchangeStep2:
                ExchangeStep2(apdu);
                break;
            case BankInstructions.ExchangeStep3:
                ExchangeStep3(apdu);
                break;
            case BankInstructions.CreateMoney:
                CreateMoney(apdu);
                break;
            case BankInstructions.RollKeys:
                RollKeys(apdu);
                break;
            case BankInstructions.SetSecurityLock:
                SetSecurityLock(apdu);
                break;
            case BankInstructions.ManageBadCard:
                ManageBadCard(apdu);
                break;
            default:
                throw new IsoException(StatusWord.InstructionNotSupported);
        }
    }

    private void ProcessInterindustry(ApduContext apdu)
    {
        if (apdu.Ins == BankInstructions.GetChallenge)
        {
            GetChallenge(apdu);
            return;
        }

        if (ProcessSecurityAndFiles(apdu))
            return;
        throw new IsoException(BankInstructions.IsProprietary(apdu.Ins) ? StatusWord.ClassNotSupported : StatusWord.InstructionNotSupported);
    }

    /// <summary>
    /// GET CHALLENGE (ISO/IEC 7816-4 7.5.3): 8 random bytes (Le 08, for PERSONALISE and CREATE MONEY) or 16 (Le 10, for
    /// SET SECURITY LOCK, as the security key card expects), kept for the next command that consumes a challenge.
    /// </summary>
    private void GetChallenge(ApduContext apdu)
    {
        if (apdu.P1 != 0 || apdu.P2 != 0)
            throw new IsoException(StatusWord.IncorrectP1P2);
        if (!apdu.Data.IsEmpty || apdu.Ne is not (8 or 16))
            throw new IsoException(StatusWord.WrongLength);
        Span<byte> challenge = _challenge.Span;
        challenge.Clear();
        DrawRandom(challenge.Slice(1, 8));
        if (apdu.Ne == 16)
            DrawRandom(challenge.Slice(9, 8));
        challenge[0] = (byte)apdu.Ne;
        apdu.Send(challenge.Slice(1, apdu.Ne));
    }

    /// <summary>GET CARD STATUS: 34 bytes (docs/applets/bank-hierarchy.md).</summary>
    private void GetCardStatus(ApduContext apdu)
    {
        apdu.RequireP1P2(0, 0);
        if (!apdu.Data.IsEmpty)
            throw new IsoException(StatusWord.WrongLength);
        Span<byte> response = apdu.Response[..34];
        response.Clear();
        ReadOnlySpan<byte> info = _files.CardInfo.Content;
        response[0] = info[CardInfoLayout.Role];
        response[1] = info[CardInfoLayout.Profile];
        response[2] = info[CardInfoLayout.LifeState];
        if (_files.IsBound)
        {
            response[3] = info[CardInfoLayout.Lock];
            BinaryPrimitives.WriteUInt16BigEndian(response[4..], _files.BadKey.ReadUInt16(0));
            response[6] = info[CardInfoLayout.BadKeyLimit];
            response[7] = info[CardInfoLayout.Currency];
            _files.Account.Content.CopyTo(response[8..]);
            info.Slice(CardInfoLayout.PublicName, 8).CopyTo(response[16..]);
            _files.KeyInfo.Content.CopyTo(response[24..]);
            BinaryPrimitives.WriteUInt32BigEndian(response[29..], Balance);
            response[33] = (byte)PinTriesRemaining;
        }

        apdu.Send(34);
    }

    /// <summary>c3-c4: personalised and not invalidated.</summary>
    private void RequireActive()
    {
        switch (LifeState)
        {
            case BankLifeState.Active:
                return;
            case BankLifeState.Invalidated:
                throw new IsoException(BankStatusWords.CardInvalidated);
            default:
                throw new IsoException(StatusWord.ConditionsOfUseNotSatisfied);
        }
    }

    /// <summary>c3-c6: active, lock open, BAD_KEY below its limit.</summary>
    private void RequireUsable()
    {
        RequireActive();
        if (_files.CardInfo.Content[CardInfoLayout.Lock] != 0)
            throw new IsoException(BankStatusWords.SecurityLockClosed);
        if (_files.BadKey.ReadUInt16(0) >= _files.CardInfo.Content[CardInfoLayout.BadKeyLimit])
            throw new IsoException(BankStatusWords.BadKeyLimitReached);
    }

    /// <summary>c7.</summary>
    private static void RequireRole(bool allowed)
    {
        if (!allowed)
            throw new IsoException(StatusWord.FunctionNotSupported);
    }

    /// <summary>Takes the pending challenge (whatever the command's outcome) into the first bytes of <paramref name="challenge"/>; 6985 when there is none.</summary>
    /// <returns>The challenge's length, 8 or 16.</returns>
    private int TakeChallenge(Span<byte> challenge)
    {
        Span<byte> stored = _challenge.Span;
        int length = stored[0];
        stored.Slice(1, Math.Min(challenge.Length, 16)).CopyTo(challenge);
        stored.Clear();
        if (length == 0)
            throw new IsoException(StatusWord.ConditionsOfUseNotSatisfied);
        return length;
    }

    /// <summary>
    /// A fresh random: the first 8 bytes of SHA-256(RANDOM_NUMBER ‖ 8 generator bytes); the next 8 become the seed the
    /// next value transaction writes.
    /// </summary>
    private void DrawRandom(Span<byte> random)
    {
        Span<byte> input = stackalloc byte[16];
        Span<byte> hash = stackalloc byte[32];
        if (_files.IsBound)
            _files.RandomNumber.Content.CopyTo(input);
        else
            input[..8].Clear();
        Context.GetRandomBytes(input[8..]);
        SHA256.HashData(input, hash);
        hash[..8].CopyTo(random);
        Span<byte> next = _nextSeed.Span;
        hash.Slice(8, 8).CopyTo(next[1..]);
        next[0] = 1;
    }

    /// <summary>Writes the seed drawn with the last random (inside the value transaction).</summary>
    private void AdvanceSeed()
    {
        Span<byte> next = _nextSeed.Span;
        if (next[0] == 0)
        {
            Span<byte> unused = stackalloc byte[8];
            DrawRandom(unused);
        }

        _files.RandomNumber.Update(0, next.Slice(1, 8));
        next.Clear();
    }

    /// <summary>Counts a bad key attempt now (one atomic write); returns the count before.</summary>
    private ushort CountBadKey()
    {
        ushort before = _files.BadKey.ReadUInt16(0);
        if (before < ushort.MaxValue)
            _files.BadKey.UpdateUInt16(0, (ushort)(before + 1));
        return before;
    }

    /// <summary>
    /// What the card's public files hold (ACCOUNT_NUMBER, BALANCE and its checksum verdict, KEY_INFO, BAD_KEY, PASSBOOK),
    /// read straight from EEPROM for inspection; null while the card is blank. Never returns a key value.
    /// </summary>
    public BankCardSnapshot? TakeSnapshot()
    {
        if (!_files.IsBound)
            return null;
        AccountNumber.TryRead(_files.Account.Content, out AccountNumber account);
        ReadOnlySpan<byte> balanceBytes = _files.Balance.Content;
        BankBalance? balance = BankBalance.TryRead(balanceBytes, out BankBalance decoded) ? decoded : null;
        BankDate.TryRead(_files.KeyInfo.Read(1, 4), out BankDate keyDate);
        var passbook = new List<PassbookEntry>();
        RecordFile ring = _files.Passbook;
        for (int number = 1; number <= ring.RecordCount; number++)
        {
            if (PassbookEntry.TryRead(ring.ReadRecord(number), out PassbookEntry entry))
                passbook.Add(entry);
        }

        bool checksumValid = BankBalance.TryDecodeAmount(balanceBytes, out _) && ChecksumMatches(balanceBytes);
        return new BankCardSnapshot(Role, LifeState, Profile, account, balance, checksumValid, _files.KeyInfo.Content[0], keyDate, _files.BadKey.ReadUInt16(0), passbook);
    }

    /// <summary>Reads and checks the card's own BALANCE (check bits and checksum); 6581 when corrupt.</summary>
    private uint ReadOwnBalance()
    {
        ReadOnlySpan<byte> balance = _files.Balance.Content;
        if (!BankBalance.TryDecodeAmount(balance, out uint amount) || !ChecksumMatches(balance))
            throw new IsoException(StatusWord.MemoryFailure);
        return amount;
    }

    private bool ChecksumMatches(ReadOnlySpan<byte> balance)
    {
        Span<byte> checksum = stackalloc byte[8];
        Crypto.ComputeChecksum(_files.CheckKey.Content, balance, checksum);
        return CryptographicOperations.FixedTimeEquals(checksum, balance.Slice(BankBalance.ChecksumOffset, 8));
    }

    /// <summary>Writes BALANCE with a new amount (and optionally date and rate), with fresh check bits and checksum.</summary>
    private void WriteBalance(uint amount, ReadOnlySpan<byte> date = default, uint? rate = null)
    {
        Span<byte> balance = stackalloc byte[BankBalance.Size];
        _files.Balance.Content.CopyTo(balance);
        BankBalance.EncodeAmount(amount, balance);
        if (!date.IsEmpty)
            date.CopyTo(balance[BankBalance.DateOffset..]);
        if (rate is uint newRate)
            BankBalance.WriteUInt24(balance[BankBalance.RateOffset..], newRate);
        Crypto.ComputeChecksum(_files.CheckKey.Content, balance, balance[BankBalance.ChecksumOffset..]);
        _files.Balance.Update(0, balance);
    }

    /// <summary>Appends a PASSBOOK record dated with KEY_INFO's date.</summary>
    private void AppendPassbook(ReadOnlySpan<byte> otherAccount, ReadOnlySpan<byte> otherName, ReadOnlySpan<byte> session, PassbookEntryType type, uint amount, uint newBalance)
    {
        Span<byte> record = stackalloc byte[PassbookEntry.Size];
        record.Clear();
        otherAccount.CopyTo(record);
        otherName.CopyTo(record[8..]);
        session.CopyTo(record[16..]);
        _files.KeyInfo.Read(1, 4).CopyTo(record[24..]);
        record[28] = (byte)type;
        BankBalance.WriteUInt24(record[29..], amount);
        BinaryPrimitives.WriteUInt32BigEndian(record[32..], newBalance);
        _files.Passbook.AppendRecord(record);
    }

    private ReadOnlySpan<byte> AppKey(int index) => _files.AppKeys[index].Content;

    private byte KeyNumber => _files.KeyInfo.Content[0];

    private ReadOnlySpan<byte> PublicName => _files.CardInfo.Read(CardInfoLayout.PublicName, 8);

    private ReadOnlySpan<byte> ApplicationNumber => _files.CardInfo.Read(CardInfoLayout.ApplicationNumber, 7);

    private byte Currency => _files.CardInfo.Content[CardInfoLayout.Currency];

    /// <summary>Replaces the oldest key: APPKEY0 ← APPKEY1 ← APPKEY2 ← APPKEY3 ← <paramref name="newKey"/>, KEY_INFO number + 1.</summary>
    private void ShiftInKey(ReadOnlySpan<byte> newKey)
    {
        Span<byte> key = stackalloc byte[16];
        int size = Crypto.KeySize;
        for (int i = 0; i < 3; i++)
        {
            AppKey(i + 1).CopyTo(key);
            _files.AppKeys[i].Update(0, key[..size]);
        }

        _files.AppKeys[3].Update(0, newKey);
        _files.KeyInfo.Update(0, [(byte)(KeyNumber + 1)]);
        CryptographicOperations.ZeroMemory(key);
    }
}
