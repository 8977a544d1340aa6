using System.Buffers.Binary;
using CardOS.Apdu;
using CardOS.Runtime;
using CardOS.Storage;

namespace CardOS.Applets.Purse;

/// <summary>
/// The issuer's load security module of WO 98/49658 (its "host security module"), as a card applet: it holds the load
/// and update master keys, checks a purse's load request (S1), signs the load (S2), checks the purse's S3, and runs the
/// negative-result recovery: a zero-value load request with a fresh S1 proves whether a pending load happened.
/// docs/applets/purse.md gives every command's bytes.
/// </summary>
/// <remarks>
/// While a load of a card is pending (S2 given, S3 not yet checked), the module signs no other load for that card. The
/// purse signs the counter of its last load into every S1, so the zero-value request decides exactly: the pending load
/// happened if and only if the purse's last load has the pending load's counter.
/// </remarks>
public sealed class LoadModuleApplet : Applet
{
    /// <summary>How many loads may be pending at once (one per card).</summary>
    public const int PendingCapacity = 8;

    private const int PPersonalised = 0;
    private const int PId = 1;
    private const int PIssuer = 5;
    private const int PCurrency = 9;
    private const int PLoadVersion = 11;
    private const int PLoadKey = 12;
    private const int PUpdateVersion = 28;
    private const int PUpdateKey = 29;
    private const int ParametersLength = 45;

    private const int SCount = 0;
    private const int StateLength = 12;

    // Pending entry: state, issuer, card, key version, counter, amount, balance before, date.
    private const int EState = 0;
    private const int EIssuer = 1;
    private const int ECard = 5;
    private const int EKeyVersion = 13;
    private const int ECounter = 14;
    private const int EAmount = 18;
    private const int EBalance = 22;
    private const int EDate = 26;
    private const int EntryLength = 30;

    private readonly PersistentArray _parameters;
    private readonly PersistentArray _state;
    private readonly PersistentArray _pending;
    private readonly PurseSignatures _signatures = new();

    /// <summary>Creates the load module in its context; on a blank image, personalises it.</summary>
    public LoadModuleApplet(AppletContext context, LoadModulePersonalization? personalization)
        : base(context)
    {
        _parameters = context.AllocatePersistent(1, ParametersLength);
        _state = context.AllocatePersistent(2, StateLength);
        _pending = context.AllocatePersistent(3, PendingCapacity * EntryLength);
        if (_parameters[PPersonalised] == 0)
        {
            if (personalization is null)
                throw new InvalidOperationException("The card holds no personalised load module and no personalisation was given.");
            personalization.Validate();
            Span<byte> parameters = stackalloc byte[ParametersLength];
            var w = new FieldWriter(parameters);
            w.Put(1);
            w.Put(personalization.LoadModuleId);
            w.Put(personalization.IssuerId);
            w.PutUInt16(personalization.Currency);
            w.Put(personalization.LoadKeyVersion);
            w.Put(personalization.LoadMasterKey);
            w.Put(personalization.UpdateKeyVersion);
            w.Put(personalization.UpdateMasterKey);
            _parameters.Write(0, parameters);
        }
    }

    /// <summary>The load module's AID: F0 4C 4F 41 44 01 ("LOAD").</summary>
    public static Aid DefaultAid { get; } = new([0xF0, 0x4C, 0x4F, 0x41, 0x44, 0x01]);

    /// <summary>The number of confirmed loads.</summary>
    public uint Count => _state.ReadUInt32(SCount);

    /// <summary>The total amount of confirmed loads.</summary>
    public ulong Total => BinaryPrimitives.ReadUInt64BigEndian(_state.Slice(4, 8));

    /// <summary>Installs a load module on <paramref name="card"/> (personalising it if the card's image holds none yet).</summary>
    public static LoadModuleApplet Install(Card card, LoadModulePersonalization? personalization, Aid? aid = null, bool isDefault = false)
    {
        ArgumentNullException.ThrowIfNull(card);
        return card.Install(aid ?? DefaultAid, context => new LoadModuleApplet(context, personalization), isDefault);
    }

    /// <inheritdoc />
    protected override void Process(ApduContext apdu)
    {
        switch (apdu.Ins)
        {
            case PurseInstructions.GetData:
            case PurseInstructions.LoadAuthorize:
            case PurseInstructions.LoadConfirm:
            case PurseInstructions.LoadRecover:
            case PurseInstructions.LoadSignUpdate:
                apdu.RequireClass(proprietary: true);
                apdu.RequireP1P2(0, 0);
                break;
            default:
                throw new IsoException(StatusWord.InstructionNotSupported);
        }

        switch (apdu.Ins)
        {
            case PurseInstructions.GetData: GetData(apdu); break;
            case PurseInstructions.LoadAuthorize: Authorize(apdu); break;
            case PurseInstructions.LoadConfirm: Confirm(apdu); break;
            case PurseInstructions.LoadRecover: Recover(apdu); break;
            default: SignUpdate(apdu); break;
        }
    }

    private ReadOnlySpan<byte> ModuleId => _parameters.Slice(PId, PurseFormat.ModuleIdLength);

    // 80 CA 00 00 Le: id, issuer, currency, load key version, update key version, count, total, pending count.
    private void GetData(ApduContext apdu)
    {
        apdu.RequireDataLength(0);
        var w = new FieldWriter(apdu.Response);
        w.Put(_parameters.Slice(PId, 4 + 4 + 2 + 1));
        w.Put(_parameters[PUpdateVersion]);
        w.Put(_state.Slice(SCount, 12));
        int pending = 0;
        for (int slot = 0; slot < PendingCapacity; slot++)
            pending += _pending[(slot * EntryLength) + EState];
        w.Put((byte)pending);
        apdu.Send(w.Length);
    }

    // 80 20 00 00 38 purse-answer(56) Le: S2.
    private void Authorize(ApduContext apdu)
    {
        apdu.RequireDataLength(PurseFormat.LoadInitLength);
        LoadRequest request = CheckRequest(apdu.Data);
        if (request.Amount == 0)
            throw new IsoException(StatusWord.WrongData);
        if (BcdDate.IsAfter(request.Date, request.Expiry))
            throw new IsoException(PurseStatusWords.CardExpired);
        int free = -1;
        for (int slot = PendingCapacity - 1; slot >= 0; slot--)
        {
            ReadOnlySpan<byte> entry = _pending.Slice(slot * EntryLength, EntryLength);
            if (entry[EState] == 0)
                free = slot;
            else if (entry.Slice(ECard, 8).SequenceEqual(request.Card) && entry.Slice(EIssuer, 4).SequenceEqual(request.Issuer))
                throw new IsoException(StatusWord.ConditionsOfUseNotSatisfied);
        }

        if (free < 0)
            throw new IsoException(StatusWord.NotEnoughMemory);

        Span<byte> pending = stackalloc byte[EntryLength];
        var e = new FieldWriter(pending);
        e.Put(1);
        e.Put(request.Issuer);
        e.Put(request.Card);
        e.Put(request.KeyVersion);
        e.PutUInt32(request.Counter);
        e.PutUInt32(request.Amount);
        e.PutUInt32(request.Balance);
        e.Put(request.Date);
        _signatures.Load(request.Key, PurseFormat.TagLoadS2, request.Issuer, request.Card, request.Counter, request.Currency, request.Amount,
            request.Balance, request.Date, ModuleId, apdu.Response[..PurseFormat.MacLength]);
        _pending.Write(free * EntryLength, pending);
        apdu.Send(PurseFormat.MacLength);
    }

    // 80 22 00 00 14 card balance-after S3 Le: count, total.
    private void Confirm(ApduContext apdu)
    {
        apdu.RequireDataLength(PurseFormat.CardNumberLength + 4 + PurseFormat.MacLength);
        int slot = FindPending(apdu.Data[..PurseFormat.CardNumberLength]);
        Span<byte> pending = stackalloc byte[EntryLength];
        _pending.Slice(slot * EntryLength, EntryLength).CopyTo(pending);
        byte[] key = LoadKey(pending.Slice(EIssuer, 4), pending.Slice(ECard, 8), pending[EKeyVersion]);
        uint balanceAfter = BinaryPrimitives.ReadUInt32BigEndian(apdu.Data[8..]);
        Span<byte> expected = stackalloc byte[PurseFormat.MacLength];
        _signatures.Load(key, PurseFormat.TagLoadS3, pending.Slice(EIssuer, 4), pending.Slice(ECard, 8), BinaryPrimitives.ReadUInt32BigEndian(pending[ECounter..]),
            _parameters.ReadUInt16(PCurrency), BinaryPrimitives.ReadUInt32BigEndian(pending[EAmount..]), balanceAfter, pending.Slice(EDate, 4), ModuleId, expected);
        if (!PurseSignatures.Matches(expected, apdu.Data.Slice(12, PurseFormat.MacLength)))
            throw new IsoException(StatusWord.IncorrectSecureMessagingData);
        Resolve(slot, LoadOutcome.Loaded);
        apdu.Send(_state.Slice(SCount, 12));
    }

    // 80 24 00 00 38 zero-value purse-answer(56) Le: outcome, amount, count, total.
    private void Recover(ApduContext apdu)
    {
        apdu.RequireDataLength(PurseFormat.LoadInitLength);
        LoadRequest request = CheckRequest(apdu.Data);
        if (request.Amount != 0)
            throw new IsoException(StatusWord.WrongData);
        int slot = FindPending(request.Card);
        ReadOnlySpan<byte> pending = _pending.Slice(slot * EntryLength, EntryLength);
        uint pendingCounter = BinaryPrimitives.ReadUInt32BigEndian(pending[ECounter..]);
        uint amount = BinaryPrimitives.ReadUInt32BigEndian(pending[EAmount..]);

        // A request from before the pending load proves nothing about it; a last load after it cannot be (none was signed).
        if (request.Counter <= pendingCounter)
            throw new IsoException(StatusWord.WrongData);
        if (request.LastLoadCounter > pendingCounter)
            throw new IsoException(StatusWord.ConditionsOfUseNotSatisfied);

        LoadOutcome outcome = request.LastLoadCounter == pendingCounter && request.LastLoadAmount == amount
            ? LoadOutcome.Loaded
            : LoadOutcome.NotLoaded;
        Resolve(slot, outcome);
        var w = new FieldWriter(apdu.Response);
        w.Put((byte)outcome);
        w.PutUInt32(amount);
        w.Put(_state.Slice(SCount, 12));
        apdu.Send(w.Length);
    }

    // 80 26 00 00 19 issuer card key-version counter new-expiry new-maximum Le: MAC.
    private void SignUpdate(ApduContext apdu)
    {
        apdu.RequireDataLength(4 + 8 + 1 + 4 + 4 + 4);
        ReadOnlySpan<byte> data = apdu.Data;
        ReadOnlySpan<byte> issuer = data[..4];
        ReadOnlySpan<byte> card = data.Slice(4, 8);
        if (!issuer.SequenceEqual(_parameters.Slice(PIssuer, 4)) || data[12] != _parameters[PUpdateVersion])
            throw new IsoException(StatusWord.ReferencedDataNotFound);
        if (!BcdDate.IsValid(data.Slice(17, 4)))
            throw new IsoException(StatusWord.WrongData);
        byte[] key = PurseKeys.DeriveUpdateKey(_parameters.Slice(PUpdateKey, PurseFormat.KeyLength), issuer, card);
        _signatures.Update(key, issuer, card, BinaryPrimitives.ReadUInt32BigEndian(data[13..]), data.Slice(17, 4),
            BinaryPrimitives.ReadUInt32BigEndian(data[21..]), apdu.Response[..PurseFormat.MacLength]);
        apdu.Send(PurseFormat.MacLength);
    }

    /// <summary>Parses and checks a purse's INITIALIZE FOR LOAD answer: issuer, key version, module id, date, S1, currency.</summary>
    private LoadRequest CheckRequest(ReadOnlySpan<byte> answer)
    {
        var request = new LoadRequest(answer);
        request.Key = LoadKey(request.Issuer, request.Card, request.KeyVersion);
        if (!answer.Slice(35, 4).SequenceEqual(ModuleId) || !BcdDate.IsValid(request.Date))
            throw new IsoException(StatusWord.WrongData);
        Span<byte> expected = stackalloc byte[PurseFormat.MacLength];
        _signatures.OverAnswer(request.Key, PurseFormat.TagLoadS1, answer[..48], expected);
        if (!PurseSignatures.Matches(expected, answer.Slice(48, PurseFormat.MacLength)))
            throw new IsoException(StatusWord.IncorrectSecureMessagingData);
        if (request.Currency != _parameters.ReadUInt16(PCurrency))
            throw new IsoException(PurseStatusWords.WrongCurrency);
        return request;
    }

    private byte[] LoadKey(ReadOnlySpan<byte> issuer, ReadOnlySpan<byte> card, byte keyVersion)
    {
        if (!issuer.SequenceEqual(_parameters.Slice(PIssuer, 4)) || keyVersion != _parameters[PLoadVersion])
            throw new IsoException(StatusWord.ReferencedDataNotFound);
        return PurseKeys.DeriveLoadKey(_parameters.Slice(PLoadKey, PurseFormat.KeyLength), issuer, card);
    }

    private int FindPending(ReadOnlySpan<byte> card)
    {
        for (int slot = 0; slot < PendingCapacity; slot++)
        {
            ReadOnlySpan<byte> entry = _pending.Slice(slot * EntryLength, EntryLength);
            if (entry[EState] != 0 && entry.Slice(ECard, 8).SequenceEqual(card))
                return slot;
        }

        throw new IsoException(StatusWord.ReferencedDataNotFound);
    }

    /// <summary>Ends a pending load: totals (if loaded) and the pending slot in one transaction.</summary>
    private void Resolve(int slot, LoadOutcome outcome)
    {
        uint amount = BinaryPrimitives.ReadUInt32BigEndian(_pending.Slice((slot * EntryLength) + EAmount, 4));
        Span<byte> totals = stackalloc byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(totals, Count + (outcome == LoadOutcome.Loaded ? 1u : 0u));
        BinaryPrimitives.WriteUInt64BigEndian(totals[4..], Total + (outcome == LoadOutcome.Loaded ? amount : 0u));
        Context.BeginTransaction();
        if (outcome == LoadOutcome.Loaded)
            _state.Write(SCount, totals);
        _pending.Write((slot * EntryLength) + EState, 0);
        Context.CommitTransaction();
    }

    /// <summary>The fields of a purse's INITIALIZE FOR LOAD answer.</summary>
    private ref struct LoadRequest
    {
        public LoadRequest(ReadOnlySpan<byte> answer)
        {
            Issuer = answer[..4];
            Card = answer.Slice(4, 8);
            Expiry = answer.Slice(12, 4);
            Currency = BinaryPrimitives.ReadUInt16BigEndian(answer[16..]);
            Balance = BinaryPrimitives.ReadUInt32BigEndian(answer[19..]);
            Counter = BinaryPrimitives.ReadUInt32BigEndian(answer[23..]);
            Amount = BinaryPrimitives.ReadUInt32BigEndian(answer[27..]);
            Date = answer.Slice(31, 4);
            LastLoadCounter = BinaryPrimitives.ReadUInt32BigEndian(answer[39..]);
            LastLoadAmount = BinaryPrimitives.ReadUInt32BigEndian(answer[43..]);
            KeyVersion = answer[47];
            Key = [];
        }

        public ReadOnlySpan<byte> Issuer { get; }

        public ReadOnlySpan<byte> Card { get; }

        public ReadOnlySpan<byte> Expiry { get; }

        public ushort Currency { get; }

        public uint Balance { get; }

        public uint Counter { get; }

        public uint Amount { get; }

        public ReadOnlySpan<byte> Date { get; }

        public uint LastLoadCounter { get; }

        public uint LastLoadAmount { get; }

        public byte KeyVersion { get; }

        public byte[] Key { get; set; }
    }
}
