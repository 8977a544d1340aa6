using CardOS.Apdu;
using CardOS.Storage;

namespace CardOS.Runtime;

/// <summary>
/// A smart card: power, ATR, and the one dispatch loop that turns command APDUs into response APDUs for the
/// installed applets, with logical channels, SELECT by AID, command chaining, GET RESPONSE and T=0 rules.
/// A card is a synchronous, deterministic state machine: bytes in, bytes out; nothing a terminal or an applet
/// does makes <see cref="Transmit(ReadOnlySpan{byte}, Span{byte})"/> throw.
/// </summary>
public sealed class Card
{
    /// <summary>A response buffer of this size receives any response (65536 data bytes and SW1-SW2).</summary>
    public const int MaxResponseLength = CommandApduView.MaxNe + 2;

    private const byte InsManageChannel = 0x70;
    private const byte InsSelect = 0xA4;
    private const byte InsGetResponse = 0xC0;
    private const byte SelectByDfName = 0x04;

    private readonly AppletRegistry _registry = new();
    private readonly LogicalChannels _channels;
    private readonly PendingResponse _pending = new();
    private readonly CommandChain _chain = new();
    private readonly List<(Aid Owner, TransientArray Array)> _transients = [];
    private TransientMemory _ram = new();
    private readonly Random? _random;
    private readonly byte[] _atr;
    private readonly CardImageFile? _image;
    private bool _appletsLivedThroughPowerLoss;

    /// <summary>Creates an unpowered card with a blank in-memory EEPROM.</summary>
    public Card(CardOptions? options = null)
        : this(options ?? new CardOptions(), null, null)
    {
    }

    /// <summary>
    /// Creates an unpowered card on <paramref name="eeprom"/>, which the caller holds: a blank one is formatted, a formatted
    /// one is opened as it is (power-up rolls back what a power cut interrupted). Nothing is written to any file; on a
    /// <see cref="Eeprom.Copy"/> of an image's EEPROM, a tool sees what the card would hold without touching the image.
    /// </summary>
    /// <exception cref="InvalidDataException">The EEPROM holds another layout, or a CardOS layout that is damaged.</exception>
    public Card(CardOptions options, Eeprom eeprom)
        : this(options, eeprom ?? throw new ArgumentNullException(nameof(eeprom)), null)
    {
    }

    /// <summary>
    /// Creates an unpowered card whose EEPROM is <paramref name="image"/>: its state is what the file holds, and every
    /// command, power-off and power cut is flushed to the file before the card answers. The caller keeps the file
    /// open for the card's life and disposes it afterwards. A blank image is formatted with
    /// <see cref="CardOptions.JournalCapacity"/>; a formatted one keeps its own journal.
    /// </summary>
    /// <exception cref="CardImageException">The image's capacity is not <see cref="CardOptions.EepromCapacity"/>, or it holds no CardOS layout.</exception>
    public Card(CardOptions options, CardImageFile image)
        : this(options, (image ?? throw new ArgumentNullException(nameof(image))).Eeprom, image)
    {
    }

    private Card(CardOptions options, Eeprom? eeprom, CardImageFile? image)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _image = image;
        if (image is null)
        {
            Memory = PersistentMemory.OpenOrFormat(eeprom ?? new Eeprom(options.EepromCapacity), options.JournalCapacity);
        }
        else
        {
            if (image.Capacity != options.EepromCapacity)
                throw new CardImageException(image.FilePath, $"capacity {image.Capacity}, expected {options.EepromCapacity}", null);
            if (image.IsReadOnly)
                throw new CardImageException(image.FilePath, "opened read-only; a card needs it writable", null);
            try
            {
                Memory = PersistentMemory.OpenOrFormat(image.Eeprom, options.JournalCapacity);
            }
            catch (InvalidDataException e)
            {
                throw new CardImageException(image.FilePath, e.Message.TrimEnd('.'), e);
            }

            image.Flush();
        }

        _channels = new LogicalChannels(options.LogicalChannels);
        _random = options.RandomSeed is int seed ? new Random(seed) : null;
        _atr = Runtime.Atr.Build(options.Protocol, options.HistoricalBytes ?? Runtime.Atr.DefaultHistoricalBytes);
    }

    /// <summary>How the card was built.</summary>
    public CardOptions Options { get; }

    /// <summary>The card's EEPROM: write counters, wear, and tearing injection.</summary>
    public Eeprom Eeprom => Memory.Eeprom;

    /// <summary>The image file behind the EEPROM; null for an in-memory card.</summary>
    public CardImageFile? Image => _image;

    /// <summary>A snapshot of the persistent memory: capacity, available bytes, commit capacity, writes and wear.</summary>
    public StorageStatistics StorageStatistics => Memory.GetStatistics();

    /// <summary>True between power-up and power-off (or a power cut).</summary>
    public bool IsPowered { get; private set; }

    /// <summary>The answer to reset.</summary>
    public ReadOnlySpan<byte> Atr => _atr;

    /// <summary>
    /// The installed applets, in installation order (the order partial SELECT walks). A power-up after a power loss
    /// builds every applet afresh from its factory, so these are new objects after each power cycle.
    /// </summary>
    public IReadOnlyList<Applet> Applets => _registry.Applets;

    internal PersistentMemory Memory { get; }

    /// <summary>
    /// Installs an applet under <paramref name="aid"/>. The factory builds it in its context; over an image that
    /// already holds the applet's objects, they are re-bound, not re-initialised.
    /// </summary>
    /// <param name="aid">The AID to register.</param>
    /// <param name="factory">Builds the applet; allocate persistent state in its constructor.</param>
    /// <param name="isDefault">Select the applet on the basic channel at every power-up and reset.</param>
    /// <exception cref="InvalidOperationException">An applet is already installed under <paramref name="aid"/>.</exception>
    public TApplet Install<TApplet>(Aid aid, Func<AppletContext, TApplet> factory, bool isDefault = false)
        where TApplet : Applet
    {
        ArgumentNullException.ThrowIfNull(aid);
        ArgumentNullException.ThrowIfNull(factory);
        if (_registry.Find(aid) is not null)
            throw new InvalidOperationException($"An applet is already installed under AID {aid}.");

        TApplet applet;
        try
        {
            applet = factory(new AppletContext(this, aid));
        }
        catch (InvalidDataException e) when (_image is not null)
        {
            // The image holds this applet's objects in another shape: written by another applet or another version.
            throw new CardImageException(_image.FilePath, $"applet {aid}: {e.Message.TrimEnd('.')}", e);
        }

        if (!applet.Aid.Equals(aid))
            throw new InvalidOperationException("The factory must build the applet in the context it is given.");
        _registry.Add(applet, factory, isDefault);
        Persist();
        return applet;
    }

    /// <summary>Removes an applet, deselecting it wherever it is selected. Its EEPROM objects stay in the image.</summary>
    /// <returns>False if no applet has that AID.</returns>
    public bool Delete(Aid aid)
    {
        Applet? applet = _registry.Find(aid);
        if (applet is null)
            return false;
        for (int channel = 0; channel < _channels.Count; channel++)
        {
            if (ReferenceEquals(_channels[channel], applet))
                Deselect(channel);
        }

        _registry.Remove(applet);
        _transients.RemoveAll(t => t.Owner.Equals(aid));
        Persist();
        return true;
    }

    /// <summary>
    /// Cold power-up: EEPROM recovery (an interrupted transaction is rolled back), RAM cleared, every applet rebuilt from
    /// its factory if power was lost since it was built (so nothing kept in a C# field survives a power cycle), the basic
    /// channel open with the default applet selected.
    /// </summary>
    /// <returns>The ATR; empty if power is cut again during recovery (the card stays off).</returns>
    public byte[] PowerOn()
    {
        try
        {
            Memory.PowerUp();
            IsPowered = true;
            RebuildAppletsAfterPowerLoss();
            ResetVolatileState();
        }
        catch (PowerLossException)
        {
        }

        if (Eeprom.IsPowered)
        {
            Persist();
            return _atr.ToArray();
        }

        LosePower();
        Persist();
        return [];
    }

    /// <summary>Cuts power: RAM state is lost, an open transaction will be rolled back at the next power-up.</summary>
    public void PowerOff()
    {
        LosePower();
        Persist();
    }

    /// <summary>Warm reset: like a power cycle for everything in RAM.</summary>
    /// <returns>The ATR; empty if the card could not power up.</returns>
    public byte[] Reset()
    {
        LosePower();
        return PowerOn();
    }

    /// <summary>Sends a command APDU and returns the response APDU (data and SW1-SW2); empty if the card is off or lost power.</summary>
    public byte[] Transmit(ReadOnlySpan<byte> command)
    {
        byte[] buffer = new byte[MaxResponseLength];
        int length = Transmit(command, buffer);
        return buffer.AsSpan(0, length).ToArray();
    }

    /// <summary>
    /// Sends a command APDU; writes the response (data then SW1-SW2) to <paramref name="response"/> and returns its length.
    /// Returns 0 (a mute card) when the card is off or power is cut during the command. Never throws for any command bytes.
    /// </summary>
    /// <param name="command">The command APDU bytes, well-formed or not.</param>
    /// <param name="response">At least 2 bytes; data beyond its length waits behind 61xx. <see cref="MaxResponseLength"/> bytes hold any response.</param>
    /// <exception cref="CardImageException">The card's image file could not be written (a host failure, not the command's doing); the card is off.</exception>
    public int Transmit(ReadOnlySpan<byte> command, Span<byte> response)
    {
        if (response.Length < 2)
            throw new ArgumentException("The response buffer must hold at least SW1 and SW2.", nameof(response));
        if (!IsPowered)
            return 0;

        try
        {
            int length = Dispatch(command, response);
            if (Eeprom.IsPowered)
            {
                Persist();
                return length;
            }
        }
        catch (PowerLossException)
        {
        }

        LosePower();
        Persist();
        return 0;
    }

    internal TransientArray AllocateTransient(AppletContext owner, int length, TransientClear clear)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var array = new TransientArray(_ram, length, clear);
        _transients.Add((owner.Aid, array));
        return array;
    }

    internal void GetRandomBytes(Span<byte> destination)
    {
        if (_random is not null)
            _random.NextBytes(destination);
        else
            SystemRandom.Fill(destination);
    }

    private static int Answer(Span<byte> response, StatusWord statusWord)
    {
        statusWord.WriteTo(response);
        return 2;
    }

    private int Dispatch(ReadOnlySpan<byte> command, Span<byte> response)
    {
        if (command.Length < 4)
            return Abandon(response, StatusWord.WrongLength);

        // ISO/IEC 7816-4 5.4.1: CLA 'FF' is invalid and '20'-'3F' are reserved for future use.
        var cla = new Cla(command[0]);
        if (!cla.IsValid)
            return Abandon(response, StatusWord.ClassNotSupported);

        // ISO/IEC 7816-3 12.1.3: the body's length must match one of the seven encodings.
        if (!CommandApduView.TryParse(command, out CommandApduView apdu))
            return Abandon(response, StatusWord.WrongLength);

        int channel = cla.Channel;
        if (!_channels.IsOpen(channel))
            return Abandon(response, StatusWord.LogicalChannelNotSupported);

        // ISO/IEC 7816-3 10.3.2: INS '6X' and '9X' are procedure bytes, never instructions.
        if ((apdu.Ins & 0xF0) is 0x60 or 0x90)
            return Abandon(response, StatusWord.InstructionNotSupported);

        bool chained = cla.IsChained;
        if (_chain.IsInterruptedBy(channel, cla.WithoutChaining, apdu))
        {
            // ISO/IEC 7816-4 5.1.1.1: a chain interrupted by another command.
            return Abandon(response, StatusWord.LastCommandOfChainExpected);
        }

        bool interindustry = cla.IsInterindustry;
        if (interindustry && apdu.Ins == InsGetResponse && !chained)
            return GetResponse(apdu, channel, response);

        _pending.Clear();
        if (interindustry && apdu.Ins == InsManageChannel)
        {
            if (chained)
                return Abandon(response, StatusWord.CommandChainingNotSupported);
            if (cla.IndicatesSecureMessaging)
                return Answer(response, StatusWord.SecureMessagingNotSupported);
            return ManageChannel(apdu, channel, response);
        }

        if (interindustry && apdu.Ins == InsSelect && apdu.P1 == SelectByDfName && !chained && TrySelectByName(apdu, cla, channel, response, out int selectLength))
            return selectLength;

        Applet? applet = _channels[channel];
        if (applet is null)
            return Abandon(response, StatusWord.AppletSelectFailed);
        if (interindustry && cla.IndicatesSecureMessaging && !applet.SupportsSecureMessaging)
            return Abandon(response, StatusWord.SecureMessagingNotSupported);
        if (apdu.IsExtended && !applet.SupportsExtendedLength)
            return Abandon(response, StatusWord.WrongLength);

        if (chained || _chain.IsActive)
        {
            if (!applet.SupportsChaining)
                return Abandon(response, StatusWord.CommandChainingNotSupported);
            if (!_chain.Append(apdu.Data))
                return Abandon(response, StatusWord.WrongLength);
            if (chained)
            {
                _chain.Continue(channel, cla.WithoutChaining, apdu);
                return Answer(response, StatusWord.Success);
            }

            // The last command of the chain: the applet sees the whole chain's data under this header.
            return Execute(applet, apdu, cla, _chain.Complete(), channel, response, select: false);
        }

        return Execute(applet, apdu, cla, apdu.Data, channel, response, select: false);
    }

    /// <summary>Answers a status word to a command that ends any chain in progress.</summary>
    private int Abandon(Span<byte> response, StatusWord statusWord)
    {
        _chain.Reset();
        _pending.Clear();
        return Answer(response, statusWord);
    }

    private int Execute(Applet applet, in CommandApduView apdu, Cla cla, ReadOnlySpan<byte> data, int channel, Span<byte> response, bool select)
    {
        int dataLength = 0;
        StatusWord statusWord = StatusWord.Success;
        Span<byte> output = response[..Math.Min(response.Length - 2, CommandApduView.MaxNe)];
        try
        {
            var context = new ApduContext(apdu, cla, data, channel, output, ref dataLength, ref statusWord);
            if (select)
                applet.InvokeProcessSelect(context);
            else
                applet.InvokeProcess(context);
        }
        catch (IsoException e)
        {
            statusWord = e.StatusWord.IsValid ? e.StatusWord : StatusWord.NoPreciseDiagnosis;
            dataLength = 0;
        }
        catch (Exception e) when (e is not PowerLossException)
        {
            statusWord = StatusWord.NoPreciseDiagnosis;
            dataLength = 0;
        }

        // JavaCard: a transaction still open when the command ends is aborted.
        if (Eeprom.IsPowered)
            Memory.AbortOpenTransaction();

        // An error always comes without data (the catch clauses drop it); 9000 or a warning may carry data.
        if (dataLength == 0)
            return Answer(response, statusWord);
        return Respond(response, dataLength, apdu.Ne, hasCommandData: !data.IsEmpty, channel, statusWord);
    }

    /// <summary>
    /// Sends <paramref name="length"/> bytes of applet output already in <paramref name="response"/>, within Ne and the
    /// protocol's rules; what does not fit waits for GET RESPONSE behind 61xx. <paramref name="completion"/> (9000 or a
    /// warning) answers the last of the data.
    /// </summary>
    private int Respond(Span<byte> response, int length, int ne, bool hasCommandData, int channel, StatusWord completion)
    {
        if (Options.Protocol == TransmissionProtocol.T0)
        {
            // ISO/IEC 7816-3 12.2.2-12.2.4: a case-1, 3 or 4 command cannot carry response data in T=0.
            if (hasCommandData || ne == 0)
                return Defer(response, 0, length, channel, completion);

            // Case 2: Le must be exact; otherwise 6Cxx names the length to ask for (and the command runs again).
            if (length == ne)
                return Answer(response[length..], completion) + length;
            if (length > CommandApduView.MaxShortNe && ne == CommandApduView.MaxShortNe)
                return Defer(response, ne, length, channel, completion);
            return Answer(response, StatusWord.WrongLe(Math.Min(length, CommandApduView.MaxShortNe)));
        }

        if (ne == 0)
            return Defer(response, 0, length, channel, completion);
        if (length <= ne)
            return Answer(response[length..], completion) + length;
        return Defer(response, ne, length, channel, completion);
    }

    /// <summary>Keeps response bytes [<paramref name="sent"/>, <paramref name="length"/>) for GET RESPONSE and answers the first bytes with 61xx.</summary>
    private int Defer(Span<byte> response, int sent, int length, int channel, StatusWord completion)
    {
        StatusWord available = _pending.Keep(response[sent..length], channel, completion);
        return Answer(response[sent..], available) + sent;
    }

    /// <summary>GET RESPONSE (ISO/IEC 7816-4 7.6.1): the next bytes of a deferred response.</summary>
    private int GetResponse(in CommandApduView apdu, int channel, Span<byte> response)
    {
        if (!_pending.IsWaitingOn(channel))
            return Abandon(response, StatusWord.ConditionsOfUseNotSatisfied);
        if (apdu.P1 != 0 || apdu.P2 != 0)
            return Abandon(response, StatusWord.WrongP1P2);
        if (!apdu.Data.IsEmpty || apdu.Ne == 0)
            return Abandon(response, StatusWord.WrongLength);

        int available = _pending.Length;
        int ne = apdu.Ne;
        if (ne > available && Options.Protocol == TransmissionProtocol.T0)
            return Answer(response, StatusWord.WrongLe(Math.Min(available, CommandApduView.MaxShortNe))); // data stays pending

        int count = Math.Min(Math.Min(ne, available), response.Length - 2);
        StatusWord statusWord = _pending.Take(count, response);
        return Answer(response[count..], statusWord) + count;
    }

    /// <summary>MANAGE CHANNEL (ISO/IEC 7816-4 7.1.2): open (P1 '00') or close (P1 '80') a logical channel.</summary>
    private int ManageChannel(in CommandApduView apdu, int channel, Span<byte> response)
    {
        if (!apdu.Data.IsEmpty)
            return Answer(response, StatusWord.WrongLength);

        if (apdu.P1 == 0x00)
        {
            int target = apdu.P2;
            if (target == 0)
            {
                target = _channels.FirstClosed();
                if (target < 0)
                    return Answer(response, StatusWord.FunctionNotSupported);
            }
            else if (target > CardOptions.MaxLogicalChannels - 1)
            {
                return Answer(response, StatusWord.IncorrectP1P2);
            }
            else if (target >= _channels.Count)
            {
                return Answer(response, StatusWord.LogicalChannelNotSupported);
            }
            else if (_channels.IsOpen(target))
            {
                return Answer(response, StatusWord.ConditionsOfUseNotSatisfied);
            }

            _channels.Open(target);

            // ISO/IEC 7816-4 7.1.2: opened from the basic channel, the new channel gets the default application;
            // from another channel, that channel's application (where it may be selected twice).
            Applet? inherited = channel == 0 ? _registry.Default : _channels[channel];
            if (inherited is not null)
                TrySelect(target, inherited);

            if (apdu.P2 != 0)
                return Answer(response, StatusWord.Success);
            response[0] = (byte)target;
            return Respond(response, 1, apdu.Ne, hasCommandData: false, channel, StatusWord.Success);
        }

        if (apdu.P1 == 0x80)
        {
            int target = apdu.P2 == 0 ? channel : apdu.P2;
            if (target == 0)
                return Answer(response, StatusWord.IncorrectP1P2);
            if (!_channels.IsOpen(target))
                return Answer(response, StatusWord.LogicalChannelNotSupported);
            Deselect(target);
            _channels.Close(target);
            if (_chain.IsOn(target))
                _chain.Reset();
            return Answer(response, StatusWord.Success);
        }

        return Answer(response, StatusWord.IncorrectP1P2);
    }

    /// <summary>
    /// SELECT by DF name (ISO/IEC 7816-4 7.1.1) against the applet registry, full or partial AID, with P2's occurrence
    /// (first, last, next, previous). Returns false when no applet matches at all and an applet is selected on the
    /// channel: the command then goes to that applet, which may hold a DF by that name.
    /// </summary>
    private bool TrySelectByName(in CommandApduView apdu, Cla cla, int channel, Span<byte> response, out int length)
    {
        length = 0;
        ReadOnlySpan<byte> name = apdu.Data;
        int first = name.IsEmpty || name.Length > Aid.MaxLength ? -1 : _registry.FindMatch(name, 0, step: 1);

        if (first < 0)
        {
            if (_channels[channel] is not null)
                return false;
            length = Answer(response, StatusWord.FileNotFound);
            return true;
        }

        // P2 b8-b5 are zero; b4-b3 choose the answer (FCI, FCP, FMD, none) and are the applet's business.
        if ((apdu.P2 & 0xF0) != 0)
        {
            length = Answer(response, StatusWord.IncorrectP1P2);
            return true;
        }

        int current = _channels[channel] is { } selected ? _registry.IndexOf(selected) : -1;
        int chosen = (apdu.P2 & 0x03) switch
        {
            0 => first,
            1 => _registry.FindMatch(name, _registry.Count - 1, step: -1),
            2 => _registry.FindMatch(name, current + 1, step: 1),
            _ => _registry.FindMatch(name, current < 0 ? _registry.Count - 1 : current - 1, step: -1),
        };
        if (chosen < 0)
        {
            length = Answer(response, StatusWord.FileNotFound);
            return true;
        }

        Applet applet = _registry[chosen];
        StatusWord refused = SelectOnChannel(channel, applet);
        length = refused != StatusWord.Success
            ? Answer(response, refused)
            : Execute(applet, apdu, cla, apdu.Data, channel, response, select: true);
        return true;
    }

    /// <summary>Makes <paramref name="applet"/> the channel's selection: 6985 if it is busy elsewhere, 6999 if it refuses.</summary>
    private StatusWord SelectOnChannel(int channel, Applet applet)
    {
        if (!applet.IsMultiSelectable && _channels.IsSelectedElsewhere(applet, channel))
            return StatusWord.ConditionsOfUseNotSatisfied;
        if (_channels[channel] is not null)
            Deselect(channel);
        return TrySelect(channel, applet) ? StatusWord.Success : StatusWord.AppletSelectFailed;
    }

    private bool TrySelect(int channel, Applet applet)
    {
        if (!applet.IsMultiSelectable && _channels.IsSelectedElsewhere(applet, channel))
            return false;

        bool accepted;
        try
        {
            accepted = applet.InvokeSelect(channel);
        }
        catch (Exception e) when (e is not PowerLossException)
        {
            accepted = false;
        }

        if (Eeprom.IsPowered)
            Memory.AbortOpenTransaction();
        _channels[channel] = accepted ? applet : null;
        return accepted;
    }

    private void Deselect(int channel)
    {
        Applet? applet = _channels[channel];
        if (applet is null)
            return;
        _channels[channel] = null;
        try
        {
            applet.InvokeDeselect(channel);
        }
        catch (Exception e) when (e is not PowerLossException)
        {
            // JavaCard: an exception thrown by deselect is ignored; the applet is deselected regardless.
        }

        Memory.AbortOpenTransaction();
        if (!_channels.IsSelectedElsewhere(applet, channel))
        {
            foreach ((Aid owner, TransientArray array) in _transients)
            {
                if (array.Clear == TransientClear.OnDeselect && owner.Equals(applet.Aid))
                    array.Erase();
            }
        }
    }

    private void ResetVolatileState()
    {
        _channels.CloseAll();
        _channels.Open(0);
        _pending.Clear();
        _chain.Reset();
        _ram.Clear();
        if (_registry.Default is { } defaultApplet)
            TrySelect(0, defaultApplet);
    }

    /// <summary>Flushes the EEPROM's changed pages to the image file, if any; a failed flush leaves the card off.</summary>
    private void Persist()
    {
        if (_image is null)
            return;
        try
        {
            _image.Flush();
        }
        catch (CardImageException)
        {
            LosePower();
            throw;
        }
    }

    /// <summary>Builds each applet anew from its factory (re-binding to its EEPROM objects), dropping the old objects' RAM.</summary>
    private void RebuildAppletsAfterPowerLoss()
    {
        if (!_appletsLivedThroughPowerLoss)
            return;

        // RAM does not survive power loss, not even for someone still holding the old objects: they keep the old,
        // cleared block, and the rebuilt applets allocate from a new one.
        _ram.Clear();
        _ram = new TransientMemory();
        _transients.Clear();
        _registry.Rebuild(this);

        _appletsLivedThroughPowerLoss = false;
    }

    private void LosePower()
    {
        _appletsLivedThroughPowerLoss |= IsPowered;
        IsPowered = false;
        _channels.CloseAll();
        _pending.Clear();
        _chain.Reset();
    }
}
