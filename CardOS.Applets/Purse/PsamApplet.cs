using System.Buffers.Binary;
using CardOS.Apdu;
using CardOS.Runtime;
using CardOS.Storage;

namespace CardOS.Applets.Purse;

/// <summary>
/// The purchase security application module (PSAM) of a merchant terminal, after EP (IBM) 1999 and WO 98/49658: it
/// holds the issuer's purchase master key, checks a purse's S1, signs the DEBIT (S2), checks the purse's S3 and keeps
/// the totals since the last settlement. docs/applets/purse.md gives every command's bytes.
/// </summary>
/// <remarks>
/// Commit order (WO 96/41315): the PSAM records a purchase as pending before the purse debits, and adds it to the
/// totals only on the purse's S3, after the purse has committed. A purchase interrupted in between stays pending until
/// the purse's log proves it either way (BEGIN RECOVERY, GET PROOF on the purse, RECOVER PURCHASE): value the purse
/// gave up is never lost for good, and never counted twice.
/// </remarks>
public sealed class PsamApplet : Applet
{
    /// <summary>How many purchases may be pending at once.</summary>
    public const int PendingCapacity = 8;

    /// <summary>How many resolved purchases READ RESOLUTION remembers.</summary>
    public const int ResolutionCapacity = 16;

    private const int PPersonalised = 0;
    private const int PId = 1;
    private const int PIssuer = 5;
    private const int PCurrency = 9;
    private const int PKeyVersion = 11;
    private const int PKey = 12;
    private const int ParametersLength = 28;

    private const int SNextSequence = 0;
    private const int SBatch = 4;
    private const int SCount = 8;
    private const int STotal = 12;
    private const int SResolutionNext = 20;
    private const int StateLength = 21;

    // Pending entry: state, sequence, issuer, card, key version, counter, amount, date.
    private const int EState = 0;
    private const int ESequence = 1;
    private const int EIssuer = 5;
    private const int ECard = 9;
    private const int EKeyVersion = 17;
    private const int ECounter = 18;
    private const int EAmount = 22;
    private const int EDate = 26;
    private const int EntryLength = 30;

    private const int ResolutionLength = 9;

    private const int TKind = 0;
    private const int TSequence = 1;
    private const int TChallenge = 5;
    private const int SessionLength = 13;
    private const byte KindRecovery = 2;

    private readonly PersistentArray _parameters;
    private readonly PersistentArray _state;
    private readonly PersistentArray _pending;
    private readonly PersistentArray _resolutions;
    private readonly TransientArray _session;
    private readonly PurseSignatures _signatures = new();

    /// <summary>Creates the PSAM in its context; on a blank image, personalises it.</summary>
    public PsamApplet(AppletContext context, PsamPersonalization? personalization)
        : base(context)
    {
        _parameters = context.AllocatePersistent(1, ParametersLength);
        _state = context.AllocatePersistent(2, StateLength);
        _pending = context.AllocatePersistent(3, PendingCapacity * EntryLength);
        _resolutions = context.AllocatePersistent(4, ResolutionCapacity * ResolutionLength);
        _session = context.AllocateTransient(SessionLength, TransientClear.OnDeselect);
        if (_parameters[PPersonalised] == 0)
        {
            if (personalization is null)
                throw new InvalidOperationException("The card holds no personalised PSAM and no personalisation was given.");
            personalization.Validate();
            Span<byte> parameters = stackalloc byte[ParametersLength];
            var w = new FieldWriter(parameters);
            w.Put(1);
            w.Put(personalization.PsamId);
            w.Put(personalization.IssuerId);
            w.PutUInt16(personalization.Currency);
            w.Put(personalization.KeyVersion);
            w.Put(personalization.PurchaseMasterKey);
            context.BeginTransaction();
            _state.WriteUInt32(SNextSequence, 1);
            _state.WriteUInt32(SBatch, 1);
            _parameters.Write(0, parameters);
            context.CommitTransaction();
        }
    }

    /// <summary>The PSAM's AID: F0 50 53 41 4D 01 ("PSAM").</summary>
    public static Aid DefaultAid { get; } = new([0xF0, 0x50, 0x53, 0x41, 0x4D, 0x01]);

    /// <summary>The number of completed purchases since the last settlement.</summary>
    public uint Count => _state.ReadUInt32(SCount);

    /// <summary>The total amount of completed purchases since the last settlement.</summary>
    public ulong Total => BinaryPrimitives.ReadUInt64BigEndian(_state.Slice(STotal, 8));

    /// <summary>Installs a PSAM on <paramref name="card"/> (personalising it if the card's image holds none yet).</summary>
    public static PsamApplet Install(Card card, PsamPersonalization? personalization, Aid? aid = null, bool isDefault = false)
    {
        ArgumentNullException.ThrowIfNull(card);
        return card.Install(aid ?? DefaultAid, context => new PsamApplet(context, personalization), isDefault);
    }

    /// <inheritdoc />
    protected override void Process(ApduContext apdu)
    {
        switch (apdu.Ins)
        {
            case PurseInstructions.GetData:
            case PurseInstructions.PsamInitializePurchase:
            case PurseInstructions.PsamCompletePurchase:
            case PurseInstructions.PsamBeginRecovery:
            case PurseInstructions.PsamRecoverPurchase:
            case PurseInstructions.PsamReadPending:
            case PurseInstructions.PsamReadResolution:
            case PurseInstructions.PsamSettle:
                apdu.RequireClass(proprietary: true);
                break;
            default:
                throw new IsoException(StatusWord.InstructionNotSupported);
        }

        switch (apdu.Ins)
        {
            case PurseInstructions.GetData: GetData(apdu); break;
            case PurseInstructions.PsamInitializePurchase: InitializePurchase(apdu); break;
            case PurseInstructions.PsamCompletePurchase: CompletePurchase(apdu); break;
            case PurseInstructions.PsamBeginRecovery: BeginRecovery(apdu); break;
            case PurseInstructions.PsamRecoverPurchase: RecoverPurchase(apdu); break;
            case PurseInstructions.PsamReadPending: ReadPending(apdu); break;
            case PurseInstructions.PsamReadResolution: ReadResolution(apdu); break;
            default: Settle(apdu); break;
        }
    }

    /// <inheritdoc />
    protected override void OnDeselect(int channel) => _session.Span.Clear();

    private ReadOnlySpan<byte> PsamId => _parameters.Slice(PId, PurseFormat.ModuleIdLength);

    private ushort Currency => _parameters.ReadUInt16(PCurrency);

    // 80 CA 00 00 Le: id, issuer, currency, key version, next sequence, batch, count, total, pending count.
    private void GetData(ApduContext apdu)
    {
        apdu.RequireP1P2(0, 0);
        apdu.RequireDataLength(0);
        var w = new FieldWriter(apdu.Response);
        w.Put(_parameters.Slice(PId, 4 + 4 + 2 + 1));
        w.Put(_state.Slice(SNextSequence, 4 + 4 + 4 + 8));
        int pending = 0;
        for (int slot = 0; slot < PendingCapacity; slot++)
            pending += _pending[(slot * EntryLength) + EState];
        w.Put((byte)pending);
        apdu.Send(w.Length);
    }

    // 80 70 00 00 2C purse-answer(36) amount date Le: amount, date, PSAM id, sequence, S2.
    private void InitializePurchase(ApduContext apdu)
    {
        apdu.RequireP1P2(0, 0);
        apdu.RequireDataLength(PurseFormat.PurchaseInitLength + 8);
        ReadOnlySpan<byte> purse = apdu.Data[..PurseFormat.PurchaseInitLength];
        ReadOnlySpan<byte> issuer = purse[..4];
        ReadOnlySpan<byte> card = purse.Slice(4, 8);
        ReadOnlySpan<byte> expiry = purse.Slice(12, 4);
        ushort currency = BinaryPrimitives.ReadUInt16BigEndian(purse[16..]);
        uint balance = BinaryPrimitives.ReadUInt32BigEndian(purse[19..]);
        uint counter = BinaryPrimitives.ReadUInt32BigEndian(purse[23..]);
        byte keyVersion = purse[27];
        uint amount = BinaryPrimitives.ReadUInt32BigEndian(apdu.Data[PurseFormat.PurchaseInitLength..]);
        ReadOnlySpan<byte> date = apdu.Data.Slice(PurseFormat.PurchaseInitLength + 4, 4);

        byte[] key = CardKey(issuer, card, keyVersion);
        if (!BcdDate.IsValid(date))
            throw new IsoException(StatusWord.WrongData);
        Span<byte> expected = stackalloc byte[PurseFormat.MacLength];
        _signatures.OverAnswer(key, PurseFormat.TagPurchaseS1, purse[..28], expected);
        if (!PurseSignatures.Matches(expected, purse[28..]))
            throw new IsoException(StatusWord.IncorrectSecureMessagingData);
        if (currency != Currency)
            throw new IsoException(PurseStatusWords.WrongCurrency);
        if (BcdDate.IsAfter(date, expiry))
            throw new IsoException(PurseStatusWords.CardExpired);
        if (amount > balance)
            throw new IsoException(PurseStatusWords.InsufficientBalance);

        int free = -1;
        for (int slot = PendingCapacity - 1; slot >= 0; slot--)
        {
            ReadOnlySpan<byte> entry = _pending.Slice(slot * EntryLength, EntryLength);
            if (entry[EState] == 0)
                free = slot;
            else if (entry.Slice(ECard, 8).SequenceEqual(card) && BinaryPrimitives.ReadUInt32BigEndian(entry[ECounter..]) == counter)
                throw new IsoException(StatusWord.ConditionsOfUseNotSatisfied);
        }

        if (free < 0)
            throw new IsoException(StatusWord.NotEnoughMemory);
        uint sequence = _state.ReadUInt32(SNextSequence);
        if (sequence == uint.MaxValue)
            throw new IsoException(PurseStatusWords.CounterExhausted);

        Span<byte> pending = stackalloc byte[EntryLength];
        var e = new FieldWriter(pending);
        e.Put(1);
        e.PutUInt32(sequence);
        e.Put(issuer);
        e.Put(card);
        e.Put(keyVersion);
        e.PutUInt32(counter);
        e.PutUInt32(amount);
        e.Put(date);

        Span<byte> s2 = stackalloc byte[PurseFormat.MacLength];
        _signatures.PurchaseS2(key, issuer, card, counter, currency, amount, date, PsamId, sequence, s2);

        var w = new FieldWriter(apdu.Response);
        w.PutUInt32(amount);
        w.Put(date);
        w.Put(PsamId);
        w.PutUInt32(sequence);
        w.Put(s2);

        Context.BeginTransaction();
        _pending.Write(free * EntryLength, pending);
        _state.WriteUInt32(SNextSequence, sequence + 1);
        Context.CommitTransaction();
        apdu.Send(w.Length);
    }

    // 80 72 00 00 10 sequence balance-after S3 Le: count, total.
    private void CompletePurchase(ApduContext apdu)
    {
        apdu.RequireP1P2(0, 0);
        apdu.RequireDataLength(4 + 4 + PurseFormat.MacLength);
        uint sequence = BinaryPrimitives.ReadUInt32BigEndian(apdu.Data);
        uint balanceAfter = BinaryPrimitives.ReadUInt32BigEndian(apdu.Data[4..]);
        int slot = FindPending(sequence);
        if (!CheckS3(slot, balanceAfter, apdu.Data.Slice(8, PurseFormat.MacLength)))
            throw new IsoException(StatusWord.IncorrectSecureMessagingData);
        Resolve(slot, PurchaseOutcome.Completed);
        var w = new FieldWriter(apdu.Response);
        WriteTotals(ref w);
        apdu.Send(w.Length);
    }

    // 80 74 00 00 04 sequence Le: the purse's GET PROOF data (counter, challenge).
    private void BeginRecovery(ApduContext apdu)
    {
        apdu.RequireP1P2(0, 0);
        apdu.RequireDataLength(4);
        Span<byte> session = _session.Span;
        session.Clear();
        uint sequence = BinaryPrimitives.ReadUInt32BigEndian(apdu.Data);
        int slot = FindPending(sequence);
        session[TKind] = KindRecovery;
        BinaryPrimitives.WriteUInt32BigEndian(session[TSequence..], sequence);
        Context.GetRandomBytes(session.Slice(TChallenge, PurseFormat.ChallengeLength));

        var w = new FieldWriter(apdu.Response);
        w.Put(_pending.Slice((slot * EntryLength) + ECounter, 4));
        w.Put(session.Slice(TChallenge, PurseFormat.ChallengeLength));
        apdu.Send(w.Length);
    }

    // 80 76 00 00 2A proof(42) Le: outcome, count, total.
    private void RecoverPurchase(ApduContext apdu)
    {
        apdu.RequireP1P2(0, 0);
        apdu.RequireDataLength(PurseFormat.ProofLength);
        Span<byte> session = stackalloc byte[SessionLength];
        _session.Span.CopyTo(session);
        _session.Span.Clear();
        if (session[TKind] != KindRecovery)
            throw new IsoException(StatusWord.ConditionsOfUseNotSatisfied);
        uint sequence = BinaryPrimitives.ReadUInt32BigEndian(session[TSequence..]);
        int slot = FindPending(sequence);

        ReadOnlySpan<byte> proof = apdu.Data;
        byte result = proof[0];
        if (result > 1)
            throw new IsoException(StatusWord.WrongData);
        ReadOnlySpan<byte> entry = proof.Slice(1, PurseFormat.LogEntryLength);
        ReadOnlySpan<byte> pending = _pending.Slice(slot * EntryLength, EntryLength);
        byte[] key = CardKey(pending.Slice(EIssuer, 4), pending.Slice(ECard, 8), pending[EKeyVersion]);
        uint counter = BinaryPrimitives.ReadUInt32BigEndian(pending[ECounter..]);
        Span<byte> expected = stackalloc byte[PurseFormat.MacLength];
        _signatures.Proof(key, pending.Slice(EIssuer, 4), pending.Slice(ECard, 8), counter, session.Slice(TChallenge, PurseFormat.ChallengeLength),
            result, entry, expected);
        if (!PurseSignatures.Matches(expected, proof.Slice(1 + PurseFormat.LogEntryLength, PurseFormat.MacLength)))
            throw new IsoException(StatusWord.IncorrectSecureMessagingData);

        // The purse's log entry for the counter is this purchase only if every field and its S3 agree.
        bool debited = result == 1
            && entry[0] == (byte)PurseLogType.Purchase
            && BinaryPrimitives.ReadUInt32BigEndian(entry[1..]) == counter
            && entry.Slice(5, 4).SequenceEqual(pending.Slice(EAmount, 4))
            && entry.Slice(13, 4).SequenceEqual(pending.Slice(EDate, 4))
            && entry.Slice(17, 4).SequenceEqual(PsamId)
            && BinaryPrimitives.ReadUInt32BigEndian(entry[21..]) == sequence
            && CheckS3(slot, BinaryPrimitives.ReadUInt32BigEndian(entry[9..]), entry.Slice(25, PurseFormat.MacLength));
        PurchaseOutcome outcome = debited ? PurchaseOutcome.Completed : PurchaseOutcome.Void;
        Resolve(slot, outcome);

        var w = new FieldWriter(apdu.Response);
        w.Put((byte)outcome);
        WriteTotals(ref w);
        apdu.Send(w.Length);
    }

    // 80 78 slot 00 Le: sequence, issuer, card, key version, counter, amount, date.
    private void ReadPending(ApduContext apdu)
    {
        if (apdu.P1 >= PendingCapacity || apdu.P2 != 0)
            throw new IsoException(StatusWord.IncorrectP1P2);
        apdu.RequireDataLength(0);
        ReadOnlySpan<byte> entry = _pending.Slice(apdu.P1 * EntryLength, EntryLength);
        if (entry[EState] == 0)
            throw new IsoException(StatusWord.RecordNotFound);
        apdu.Send(entry[1..]);
    }

    // 80 7A 00 00 04 sequence Le: outcome, amount.
    private void ReadResolution(ApduContext apdu)
    {
        apdu.RequireP1P2(0, 0);
        apdu.RequireDataLength(4);
        uint sequence = BinaryPrimitives.ReadUInt32BigEndian(apdu.Data);
        var w = new FieldWriter(apdu.Response);
        for (int slot = 0; slot < PendingCapacity; slot++)
        {
            ReadOnlySpan<byte> entry = _pending.Slice(slot * EntryLength, EntryLength);
            if (entry[EState] != 0 && BinaryPrimitives.ReadUInt32BigEndian(entry[ESequence..]) == sequence)
            {
                w.Put((byte)PurchaseOutcome.Pending);
                w.Put(entry.Slice(EAmount, 4));
                apdu.Send(w.Length);
                return;
            }
        }

        int next = _state[SResolutionNext];
        for (int i = 1; i <= ResolutionCapacity; i++)
        {
            ReadOnlySpan<byte> resolution = _resolutions.Slice(((next - i + ResolutionCapacity) % ResolutionCapacity) * ResolutionLength, ResolutionLength);
            if (resolution[4] != 0 && BinaryPrimitives.ReadUInt32BigEndian(resolution) == sequence)
            {
                w.Put(resolution[4..]);
                apdu.Send(w.Length);
                return;
            }
        }

        throw new IsoException(StatusWord.RecordNotFound);
    }

    // 80 7C 00 00 Le: batch, count, total of the closed batch; a new batch starts at zero.
    private void Settle(ApduContext apdu)
    {
        apdu.RequireP1P2(0, 0);
        apdu.RequireDataLength(0);
        uint batch = _state.ReadUInt32(SBatch);
        var w = new FieldWriter(apdu.Response);
        w.PutUInt32(batch);
        WriteTotals(ref w);
        Span<byte> next = stackalloc byte[16];
        next.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(next, batch + 1);
        Context.BeginTransaction();
        _state.Write(SBatch, next);
        Context.CommitTransaction();
        apdu.Send(w.Length);
    }

    private byte[] CardKey(ReadOnlySpan<byte> issuer, ReadOnlySpan<byte> card, byte keyVersion)
    {
        if (!issuer.SequenceEqual(_parameters.Slice(PIssuer, 4)) || keyVersion != _parameters[PKeyVersion])
            throw new IsoException(StatusWord.ReferencedDataNotFound);
        return PurseKeys.DerivePurchaseKey(_parameters.Slice(PKey, PurseFormat.KeyLength), issuer, card);
    }

    private int FindPending(uint sequence)
    {
        for (int slot = 0; slot < PendingCapacity; slot++)
        {
            ReadOnlySpan<byte> entry = _pending.Slice(slot * EntryLength, EntryLength);
            if (entry[EState] != 0 && BinaryPrimitives.ReadUInt32BigEndian(entry[ESequence..]) == sequence)
                return slot;
        }

        throw new IsoException(StatusWord.ReferencedDataNotFound);
    }

    private bool CheckS3(int slot, uint balanceAfter, ReadOnlySpan<byte> s3)
    {
        Span<byte> pending = stackalloc byte[EntryLength];
        _pending.Slice(slot * EntryLength, EntryLength).CopyTo(pending);
        byte[] key = CardKey(pending.Slice(EIssuer, 4), pending.Slice(ECard, 8), pending[EKeyVersion]);
        Span<byte> expected = stackalloc byte[PurseFormat.MacLength];
        _signatures.PurchaseS3(key, pending.Slice(EIssuer, 4), pending.Slice(ECard, 8), BinaryPrimitives.ReadUInt32BigEndian(pending[ECounter..]),
            Currency, BinaryPrimitives.ReadUInt32BigEndian(pending[EAmount..]), balanceAfter, pending.Slice(EDate, 4), PsamId,
            BinaryPrimitives.ReadUInt32BigEndian(pending[ESequence..]), expected);
        return PurseSignatures.Matches(expected, s3);
    }

    /// <summary>Ends a pending purchase: totals (if completed), the pending slot and the resolution record in one transaction.</summary>
    private void Resolve(int slot, PurchaseOutcome outcome)
    {
        Span<byte> pending = stackalloc byte[EntryLength];
        _pending.Slice(slot * EntryLength, EntryLength).CopyTo(pending);
        Span<byte> resolution = stackalloc byte[ResolutionLength];
        pending.Slice(ESequence, 4).CopyTo(resolution);
        resolution[4] = (byte)outcome;
        pending.Slice(EAmount, 4).CopyTo(resolution[5..]);
        int next = _state[SResolutionNext];

        Span<byte> totals = stackalloc byte[12];
        uint count = _state.ReadUInt32(SCount);
        ulong total = BinaryPrimitives.ReadUInt64BigEndian(_state.Slice(STotal, 8));
        if (outcome == PurchaseOutcome.Completed)
        {
            count++;
            total += BinaryPrimitives.ReadUInt32BigEndian(pending[EAmount..]);
        }

        BinaryPrimitives.WriteUInt32BigEndian(totals, count);
        BinaryPrimitives.WriteUInt64BigEndian(totals[4..], total);

        Context.BeginTransaction();
        if (outcome == PurchaseOutcome.Completed)
            _state.Write(SCount, totals);
        _pending.Write((slot * EntryLength) + EState, 0);
        _resolutions.Write(next * ResolutionLength, resolution);
        _state.Write(SResolutionNext, (byte)((next + 1) % ResolutionCapacity));
        Context.CommitTransaction();
    }

    private void WriteTotals(ref FieldWriter w) => w.Put(_state.Slice(SCount, 12));
}
