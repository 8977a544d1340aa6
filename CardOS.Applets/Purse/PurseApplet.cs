using System.Buffers.Binary;
using CardOS.Apdu;
using CardOS.Runtime;
using CardOS.Storage;

namespace CardOS.Applets.Purse;

/// <summary>
/// A stored-value purse in the CEN EN 1546 (IEP) family, after WO 98/49658: balance, maximum balance, currency,
/// expiry, a transaction counter that strictly increases, purchase, load and update keys with versions, and a
/// transaction log the holder can read. Purchases are signed by a PSAM (S2) and answered with the purse's S3;
/// loads run S1 (purse) → S2 (issuer's load module) → S3 (purse). docs/applets/purse.md gives every command's bytes.
/// </summary>
/// <remarks>
/// All state lives in EEPROM. INITIALIZE commands increment the counter in a write of its own (committed before any
/// signature is checked), so every session, also an authentication-only purchase or a failed load, consumes a counter
/// value. A DEBIT or CREDIT changes balance, log and last-load record in one transaction. The open session lives in
/// RAM and ends at deselect, reset, power loss, and with the next command that opens or ends a session.
/// </remarks>
public sealed class PurseApplet : Applet
{
    /// <summary>The number of entries the transaction log keeps (the oldest is overwritten).</summary>
    public const int LogCapacity = 16;

    // Parameters (object 1), written at personalisation and by UPDATE PARAMETERS.
    private const int PPersonalised = 0;
    private const int PIssuer = 1;
    private const int PCard = 5;
    private const int PExpiry = 13;
    private const int PCurrency = 17;
    private const int PExponent = 19;
    private const int PMaximum = 20;
    private const int PPurchaseVersion = 24;
    private const int PPurchaseKey = 25;
    private const int PLoadVersion = 41;
    private const int PLoadKey = 42;
    private const int PUpdateVersion = 58;
    private const int PUpdateKey = 59;
    private const int ParametersLength = 75;

    // State (object 2).
    private const int SBalance = 0;
    private const int SCounter = 4;
    private const int SLastLoadCounter = 8;
    private const int SLastLoadAmount = 12;
    private const int SLogNext = 16;
    private const int SLogCount = 17;
    private const int StateLength = 18;

    // The open session (RAM).
    private const int TKind = 0;
    private const int TCounter = 1;
    private const int TAmount = 5;
    private const int TDate = 9;
    private const int TLoadModule = 13;
    private const int SessionLength = 17;
    private const byte KindNone = 0;
    private const byte KindPurchase = 1;
    private const byte KindLoad = 2;

    private const byte ProofNotFound = 0x00;
    private const byte ProofFound = 0x01;

    private readonly PersistentArray _parameters;
    private readonly PersistentArray _state;
    private readonly PersistentArray _log;
    private readonly TransientArray _session;
    private readonly PurseSignatures _signatures = new();

    /// <summary>Creates the purse in its context; on a blank image, personalises it with <paramref name="personalization"/>.</summary>
    /// <exception cref="InvalidOperationException">The image holds no purse and no personalisation is given.</exception>
    public PurseApplet(AppletContext context, PursePersonalization? personalization)
        : base(context)
    {
        _parameters = context.AllocatePersistent(1, ParametersLength);
        _state = context.AllocatePersistent(2, StateLength);
        _log = context.AllocatePersistent(3, LogCapacity * PurseFormat.LogEntryLength);
        _session = context.AllocateTransient(SessionLength, TransientClear.OnDeselect);
        if (_parameters[PPersonalised] == 0)
        {
            if (personalization is null)
                throw new InvalidOperationException("The card holds no personalised purse and no personalisation was given.");
            Personalise(personalization);
        }
    }

    /// <summary>The purse's AID: F0 50 55 52 53 45 01 ("PURSE" in an unregistered F0 RID, ISO/IEC 7816-5).</summary>
    public static Aid DefaultAid { get; } = new([0xF0, 0x50, 0x55, 0x52, 0x53, 0x45, 0x01]);

    /// <summary>The current balance (for tests and tools; terminals use GET DATA).</summary>
    public uint Balance => _state.ReadUInt32(SBalance);

    /// <summary>The current transaction counter.</summary>
    public uint Counter => _state.ReadUInt32(SCounter);

    /// <summary>The maximum balance.</summary>
    public uint MaximumBalance => _parameters.ReadUInt32(PMaximum);

    /// <summary>Installs a purse on <paramref name="card"/> (personalising it if the card's image holds none yet).</summary>
    public static PurseApplet Install(Card card, PursePersonalization? personalization, Aid? aid = null, bool isDefault = false)
    {
        ArgumentNullException.ThrowIfNull(card);
        return card.Install(aid ?? DefaultAid, context => new PurseApplet(context, personalization), isDefault);
    }

    /// <inheritdoc />
    protected override void Process(ApduContext apdu)
    {
        switch (apdu.Ins)
        {
            case PurseInstructions.GetData:
                apdu.RequireClass(proprietary: true);
                GetData(apdu);
                break;
            case PurseInstructions.InitializeForPurchase:
                apdu.RequireClass(proprietary: true);
                InitializeForPurchase(apdu);
                break;
            case PurseInstructions.Debit:
                apdu.RequireClass(proprietary: true);
                Debit(apdu);
                break;
            case PurseInstructions.InitializeForLoad:
                apdu.RequireClass(proprietary: true);
                InitializeForLoad(apdu);
                break;
            case PurseInstructions.Credit:
                apdu.RequireClass(proprietary: true);
                Credit(apdu);
                break;
            case PurseInstructions.UpdateParameters:
                apdu.RequireClass(proprietary: true);
                UpdateParameters(apdu);
                break;
            case PurseInstructions.GetProof:
                apdu.RequireClass(proprietary: true);
                GetProof(apdu);
                break;
            case PurseInstructions.ReadRecord:
                apdu.RequireClass(proprietary: false);
                ReadRecord(apdu);
                break;
            default:
                throw new IsoException(StatusWord.InstructionNotSupported);
        }
    }

    /// <inheritdoc />
    protected override void OnDeselect(int channel) => _session.Span.Clear();

    /// <summary>True for CLA of the given kind without secure messaging (ISO/IEC 7816-4 5.4.1 bit positions; the channel bits are free).</summary>
    private ReadOnlySpan<byte> Issuer => _parameters.Slice(PIssuer, PurseFormat.IssuerIdLength);

    private ReadOnlySpan<byte> CardNumber => _parameters.Slice(PCard, PurseFormat.CardNumberLength);

    private ReadOnlySpan<byte> Expiry => _parameters.Slice(PExpiry, BcdDate.Length);

    private ushort Currency => _parameters.ReadUInt16(PCurrency);

    private ReadOnlySpan<byte> PurchaseKey => _parameters.Slice(PPurchaseKey, PurseFormat.KeyLength);

    private ReadOnlySpan<byte> LoadKey => _parameters.Slice(PLoadKey, PurseFormat.KeyLength);

    private ReadOnlySpan<byte> UpdateKey => _parameters.Slice(PUpdateKey, PurseFormat.KeyLength);

    private void Personalise(PursePersonalization p)
    {
        p.Validate();
        Span<byte> parameters = stackalloc byte[ParametersLength];
        var w = new FieldWriter(parameters);
        w.Put(1);
        w.Put(p.IssuerId);
        w.Put(p.CardNumber);
        w.Put(p.Expiry);
        w.PutUInt16(p.Currency);
        w.Put(p.Exponent);
        w.PutUInt32(p.MaximumBalance);
        w.Put(p.PurchaseKeyVersion);
        w.Put(p.PurchaseKey);
        w.Put(p.LoadKeyVersion);
        w.Put(p.LoadKey);
        w.Put(p.UpdateKeyVersion);
        w.Put(p.UpdateKey);

        Span<byte> state = stackalloc byte[StateLength];
        state.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(state[SBalance..], p.InitialBalance);
        BinaryPrimitives.WriteUInt32BigEndian(state[SCounter..], p.InitialCounter);

        Context.BeginTransaction();
        _state.Write(0, state);
        _parameters.Write(0, parameters);
        Context.CommitTransaction();
    }

    // 80 CA 00 00 Le: issuer, card, expiry, currency, exponent, balance, maximum, counter, key versions.
    private void GetData(ApduContext apdu)
    {
        apdu.RequireP1P2(0, 0);
        apdu.RequireDataLength(0);
        var w = new FieldWriter(apdu.Response);
        w.Put(Issuer);
        w.Put(CardNumber);
        w.Put(Expiry);
        w.PutUInt16(Currency);
        w.Put(_parameters[PExponent]);
        w.PutUInt32(_state.ReadUInt32(SBalance));
        w.PutUInt32(_parameters.ReadUInt32(PMaximum));
        w.PutUInt32(_state.ReadUInt32(SCounter));
        w.Put(_parameters[PPurchaseVersion]);
        w.Put(_parameters[PLoadVersion]);
        w.Put(_parameters[PUpdateVersion]);
        apdu.Send(w.Length);
    }

    // 80 50 00 00 Le: counter + 1 (committed), then issuer, card, expiry, currency, exponent, balance, counter, key version, S1.
    private void InitializeForPurchase(ApduContext apdu)
    {
        apdu.RequireP1P2(0, 0);
        apdu.RequireDataLength(0);
        Span<byte> session = _session.Span;
        session.Clear();
        uint counter = IncrementCounter();
        session[TKind] = KindPurchase;
        BinaryPrimitives.WriteUInt32BigEndian(session[TCounter..], counter);

        var w = new FieldWriter(apdu.Response);
        w.Put(Issuer);
        w.Put(CardNumber);
        w.Put(Expiry);
        w.PutUInt16(Currency);
        w.Put(_parameters[PExponent]);
        w.PutUInt32(_state.ReadUInt32(SBalance));
        w.PutUInt32(counter);
        w.Put(_parameters[PPurchaseVersion]);
        int length = w.Length;
        _signatures.OverAnswer(PurchaseKey, PurseFormat.TagPurchaseS1, apdu.Response[..length], apdu.Response.Slice(length, PurseFormat.MacLength));
        apdu.Send(length + PurseFormat.MacLength);
    }

    // 80 54 00 00 18 amount date psam-id psam-seq S2 Le: balance after, S3.
    private void Debit(ApduContext apdu)
    {
        apdu.RequireP1P2(0, 0);
        apdu.RequireDataLength(PurseFormat.DebitDataLength);
        uint counter = TakeSession(KindPurchase);

        ReadOnlySpan<byte> data = apdu.Data;
        uint amount = BinaryPrimitives.ReadUInt32BigEndian(data);
        ReadOnlySpan<byte> date = data.Slice(4, 4);
        ReadOnlySpan<byte> psamId = data.Slice(8, 4);
        uint psamSequence = BinaryPrimitives.ReadUInt32BigEndian(data[12..]);
        Span<byte> expected = stackalloc byte[PurseFormat.MacLength];
        _signatures.PurchaseS2(PurchaseKey, Issuer, CardNumber, counter, Currency, amount, date, psamId, psamSequence, expected);
        if (!PurseSignatures.Matches(expected, data.Slice(16, PurseFormat.MacLength)))
            throw new IsoException(StatusWord.IncorrectSecureMessagingData);
        if (!BcdDate.IsValid(date))
            throw new IsoException(StatusWord.WrongData);
        if (BcdDate.IsAfter(date, Expiry))
            throw new IsoException(PurseStatusWords.CardExpired);
        uint balance = _state.ReadUInt32(SBalance);
        if (amount > balance)
            throw new IsoException(PurseStatusWords.InsufficientBalance);

        uint after = balance - amount;
        Span<byte> s3 = stackalloc byte[PurseFormat.MacLength];
        _signatures.PurchaseS3(PurchaseKey, Issuer, CardNumber, counter, Currency, amount, after, date, psamId, psamSequence, s3);

        Span<byte> entry = stackalloc byte[PurseFormat.LogEntryLength];
        BuildLogEntry(entry, PurseLogType.Purchase, counter, amount, after, date, psamId, psamSequence, s3);
        Context.BeginTransaction();
        _state.WriteUInt32(SBalance, after);
        AppendLog(entry);
        Context.CommitTransaction();

        var w = new FieldWriter(apdu.Response);
        w.PutUInt32(after);
        w.Put(s3);
        apdu.Send(w.Length);
    }

    // 80 52 00 00 0E amount currency date lm-id Le: counter + 1 (committed), then the request echoed with S1.
    private void InitializeForLoad(ApduContext apdu)
    {
        apdu.RequireP1P2(0, 0);
        apdu.RequireDataLength(PurseFormat.LoadInitDataLength);
        ReadOnlySpan<byte> data = apdu.Data;
        uint amount = BinaryPrimitives.ReadUInt32BigEndian(data);
        ushort currency = BinaryPrimitives.ReadUInt16BigEndian(data[4..]);
        ReadOnlySpan<byte> date = data.Slice(6, 4);
        ReadOnlySpan<byte> loadModule = data.Slice(10, 4);
        if (!BcdDate.IsValid(date))
            throw new IsoException(StatusWord.WrongData);
        if (currency != Currency)
            throw new IsoException(PurseStatusWords.WrongCurrency);
        if (BcdDate.IsAfter(date, Expiry))
            throw new IsoException(PurseStatusWords.CardExpired);
        uint balance = _state.ReadUInt32(SBalance);
        if ((ulong)balance + amount > _parameters.ReadUInt32(PMaximum))
            throw new IsoException(PurseStatusWords.MaximumBalanceExceeded);

        Span<byte> session = _session.Span;
        session.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(session[TAmount..], amount);
        date.CopyTo(session[TDate..]);
        loadModule.CopyTo(session[TLoadModule..]);
        uint counter = IncrementCounter();
        session[TKind] = KindLoad;
        BinaryPrimitives.WriteUInt32BigEndian(session[TCounter..], counter);

        var w = new FieldWriter(apdu.Response);
        w.Put(Issuer);
        w.Put(CardNumber);
        w.Put(Expiry);
        w.PutUInt16(Currency);
        w.Put(_parameters[PExponent]);
        w.PutUInt32(balance);
        w.PutUInt32(counter);
        w.PutUInt32(amount);
        w.Put(session.Slice(TDate, 4));
        w.Put(session.Slice(TLoadModule, 4));
        w.PutUInt32(_state.ReadUInt32(SLastLoadCounter));
        w.PutUInt32(_state.ReadUInt32(SLastLoadAmount));
        w.Put(_parameters[PLoadVersion]);
        int length = w.Length;
        _signatures.OverAnswer(LoadKey, PurseFormat.TagLoadS1, apdu.Response[..length], apdu.Response.Slice(length, PurseFormat.MacLength));
        apdu.Send(length + PurseFormat.MacLength);
    }

    // 80 56 00 00 08 S2 Le: balance after, S3.
    private void Credit(ApduContext apdu)
    {
        apdu.RequireP1P2(0, 0);
        apdu.RequireDataLength(PurseFormat.MacLength);
        Span<byte> session = stackalloc byte[SessionLength];
        _session.Span.CopyTo(session);
        uint counter = TakeSession(KindLoad);

        uint amount = BinaryPrimitives.ReadUInt32BigEndian(session[TAmount..]);
        ReadOnlySpan<byte> date = session.Slice(TDate, 4);
        ReadOnlySpan<byte> loadModule = session.Slice(TLoadModule, 4);
        uint balance = _state.ReadUInt32(SBalance);
        Span<byte> expected = stackalloc byte[PurseFormat.MacLength];
        _signatures.Load(LoadKey, PurseFormat.TagLoadS2, Issuer, CardNumber, counter, Currency, amount, balance, date, loadModule, expected);
        if (!PurseSignatures.Matches(expected, apdu.Data))
            throw new IsoException(StatusWord.IncorrectSecureMessagingData);
        if ((ulong)balance + amount > _parameters.ReadUInt32(PMaximum))
            throw new IsoException(PurseStatusWords.MaximumBalanceExceeded);

        uint after = balance + amount;
        Span<byte> s3 = stackalloc byte[PurseFormat.MacLength];
        _signatures.Load(LoadKey, PurseFormat.TagLoadS3, Issuer, CardNumber, counter, Currency, amount, after, date, loadModule, s3);

        Span<byte> entry = stackalloc byte[PurseFormat.LogEntryLength];
        BuildLogEntry(entry, PurseLogType.Load, counter, amount, after, date, loadModule, 0, s3);
        Span<byte> lastLoad = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(lastLoad, counter);
        BinaryPrimitives.WriteUInt32BigEndian(lastLoad[4..], amount);
        Context.BeginTransaction();
        _state.WriteUInt32(SBalance, after);
        _state.Write(SLastLoadCounter, lastLoad);
        AppendLog(entry);
        Context.CommitTransaction();

        var w = new FieldWriter(apdu.Response);
        w.PutUInt32(after);
        w.Put(s3);
        apdu.Send(w.Length);
    }

    // 80 58 00 00 10 new-expiry new-maximum MAC: parameters and counter + 1 in one transaction.
    private void UpdateParameters(ApduContext apdu)
    {
        apdu.RequireP1P2(0, 0);
        apdu.RequireDataLength(PurseFormat.UpdateDataLength);
        _session.Span.Clear();
        ReadOnlySpan<byte> data = apdu.Data;
        ReadOnlySpan<byte> expiry = data[..4];
        uint maximum = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        uint counter = _state.ReadUInt32(SCounter);
        Span<byte> expected = stackalloc byte[PurseFormat.MacLength];
        _signatures.Update(UpdateKey, Issuer, CardNumber, counter, expiry, maximum, expected);
        if (!PurseSignatures.Matches(expected, data.Slice(8, PurseFormat.MacLength)))
            throw new IsoException(StatusWord.IncorrectSecureMessagingData);
        if (!BcdDate.IsValid(expiry))
            throw new IsoException(StatusWord.WrongData);
        if (maximum < _state.ReadUInt32(SBalance))
            throw new IsoException(PurseStatusWords.MaximumBalanceExceeded);
        if (counter == uint.MaxValue)
            throw new IsoException(PurseStatusWords.CounterExhausted);

        Span<byte> update = stackalloc byte[8];
        data[..8].CopyTo(update);
        Context.BeginTransaction();
        _parameters.Write(PExpiry, update[..4]);
        _parameters.Write(PMaximum, update[4..]);
        _state.WriteUInt32(SCounter, counter + 1);
        Context.CommitTransaction();
    }

    // 80 5A 00 00 0C counter challenge Le: result, log entry (or zeros), MAC under the purchase key.
    private void GetProof(ApduContext apdu)
    {
        apdu.RequireP1P2(0, 0);
        apdu.RequireDataLength(PurseFormat.ProofRequestLength);
        uint queried = BinaryPrimitives.ReadUInt32BigEndian(apdu.Data);
        if (queried > _state.ReadUInt32(SCounter))
            throw new IsoException(StatusWord.WrongData);

        // Ending the open session first makes the answer final: the queried transaction can no longer happen.
        _session.Span.Clear();
        Span<byte> entry = stackalloc byte[PurseFormat.LogEntryLength];
        entry.Clear();
        byte result = ProofNotFound;
        int count = _state[SLogCount];
        int next = _state[SLogNext];
        bool decided = count < LogCapacity;
        for (int i = 1; i <= count; i++)
        {
            ReadOnlySpan<byte> candidate = _log.Slice(((next - i + LogCapacity) % LogCapacity) * PurseFormat.LogEntryLength, PurseFormat.LogEntryLength);
            uint counter = BinaryPrimitives.ReadUInt32BigEndian(candidate[1..]);
            if (counter == queried)
            {
                candidate.CopyTo(entry);
                result = ProofFound;
                decided = true;
                break;
            }

            // Entries are written in counter order: once below the queried counter, it cannot come later.
            if (counter < queried)
            {
                decided = true;
                break;
            }
        }

        if (!decided)
            throw new IsoException(StatusWord.RecordNotFound);

        var w = new FieldWriter(apdu.Response);
        w.Put(result);
        w.Put(entry);
        _signatures.Proof(PurchaseKey, Issuer, CardNumber, queried, apdu.Data.Slice(4, PurseFormat.ChallengeLength), result, entry,
            apdu.Response.Slice(w.Length, PurseFormat.MacLength));
        apdu.Send(w.Length + PurseFormat.MacLength);
    }

    // 00 B2 nn 0C Le: log record nn (1 = newest) of SFI 1.
    private void ReadRecord(ApduContext apdu)
    {
        // ISO/IEC 7816-4 7.3.3: P2 = SFI 1 (00001) and b3-b1 = 100 (P1 is a record number).
        if (apdu.P2 != 0x0C || apdu.P1 == 0)
            throw new IsoException(StatusWord.IncorrectP1P2);
        apdu.RequireDataLength(0);
        if (apdu.P1 > _state[SLogCount])
            throw new IsoException(StatusWord.RecordNotFound);
        int index = (_state[SLogNext] - apdu.P1 + LogCapacity) % LogCapacity;
        apdu.Send(_log.Slice(index * PurseFormat.LogEntryLength, PurseFormat.LogEntryLength));
    }

    /// <summary>Ends the open session; returns its counter if it is of <paramref name="kind"/> and still current, else 6985.</summary>
    private uint TakeSession(byte kind)
    {
        Span<byte> session = _session.Span;
        byte open = session[TKind];
        uint counter = BinaryPrimitives.ReadUInt32BigEndian(session[TCounter..]);
        session.Clear();
        if (open != kind || counter != _state.ReadUInt32(SCounter))
            throw new IsoException(StatusWord.ConditionsOfUseNotSatisfied);
        return counter;
    }

    /// <summary>Increments the counter in an atomic write of its own and returns the new value.</summary>
    private uint IncrementCounter()
    {
        uint counter = _state.ReadUInt32(SCounter);
        if (counter == uint.MaxValue)
            throw new IsoException(PurseStatusWords.CounterExhausted);
        _state.WriteUInt32(SCounter, counter + 1);
        return counter + 1;
    }

    private static void BuildLogEntry(Span<byte> entry, PurseLogType type, uint counter, uint amount, uint balanceAfter,
        ReadOnlySpan<byte> date, ReadOnlySpan<byte> partyId, uint partySequence, ReadOnlySpan<byte> signature)
    {
        var w = new FieldWriter(entry);
        w.Put((byte)type);
        w.PutUInt32(counter);
        w.PutUInt32(amount);
        w.PutUInt32(balanceAfter);
        w.Put(date);
        w.Put(partyId);
        w.PutUInt32(partySequence);
        w.Put(signature);
    }

    private void AppendLog(ReadOnlySpan<byte> entry)
    {
        int next = _state[SLogNext];
        int count = _state[SLogCount];
        _log.Write(next * PurseFormat.LogEntryLength, entry);
        _state.Write(SLogNext, [(byte)((next + 1) % LogCapacity), (byte)Math.Min(count + 1, LogCapacity)]);
    }
}
