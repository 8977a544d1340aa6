using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using CardOS.Apdu;
using CardOS.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CardOS.Reader.Vpcd;

/// <summary>
/// The card side of one vpcd slot: a <see cref="Runtime.Card"/> in the virtual reader "Virtual PCD 00 nn", served over
/// the vsmartcard vpcd protocol until <see cref="RunAsync(CancellationToken)"/> is cancelled.
/// </summary>
/// <remarks>
/// <para>
/// The protocol (vsmartcard vpcd.c): every message in either direction is a frame, a two-byte big-endian length then
/// that many bytes. A one-byte frame from vpcd is a control code (<see cref="VpcdControlCode"/>): power off, power on
/// and reset get no answer, GET ATR gets a frame with the ATR. Any longer frame is a command APDU and gets a frame with
/// the response APDU. An empty frame is ignored. A mute card (unpowered, or power lost during the command) cannot
/// answer, so the slot resets the link: vpcd reports a communication error and the card is reinserted.
/// </para>
/// <para>
/// The link is the card's presence: the slot keeps it up while the card is inserted (reconnecting after pcscd
/// restarts or the link breaks) and closes it when the card is removed. A card whose link drops loses power, as a card
/// pulled from a reader does. Nothing that arrives on the link, and no link failure, makes the slot throw.
/// </para>
/// <para>
/// Round trips cost the card's time and little else: one blocking receive and one send per APDU on the link's own
/// thread (length and response in one write, TCP_NODELAY), into buffers allocated once. vpcd writes a frame's length and its APDU in two sends without
/// TCP_NODELAY, so its Nagle holds the APDU until the length is acknowledged; on Linux the slot acknowledges at once
/// (TCP_QUICKACK) instead of after the delayed-ACK timer, which otherwise adds about 40 ms to every APDU.
/// </para>
/// </remarks>
public sealed class VpcdSlot
{
    /// <summary>The largest frame payload the 16-bit length allows.</summary>
    public const int MaxFramePayload = ushort.MaxValue;

    private const int HeaderLength = 2;

    // Linux <netinet/tcp.h>: IPPROTO_TCP and TCP_QUICKACK.
    private const int IpProtoTcp = 6;
    private const int TcpQuickAck = 12;

    private readonly VpcdOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _cardLock = new();
    private readonly Lock _stateLock = new();
    private readonly byte[] _receive = new byte[HeaderLength + MaxFramePayload];
    private readonly byte[] _send = new byte[HeaderLength + MaxFramePayload];
    private TaskCompletionSource _inserted = NewSignal(completed: true);
    private CancellationTokenSource? _link;
    private VpcdLinkState _linkState;
    private int _listeningPort;
    private int _running;

    /// <summary>Creates a slot that serves <paramref name="card"/> on vpcd slot <paramref name="index"/> (port <c>options.Port + index</c>).</summary>
    /// <param name="card">The card in the reader; inserted from the start.</param>
    /// <param name="options">Where vpcd is; defaults to 127.0.0.1:35963, normal mode.</param>
    /// <param name="index">The vpcd slot number: 0 for "Virtual PCD 00 00", 1 for "Virtual PCD 00 01".</param>
    /// <param name="logger">Receives link and protocol events; none by default.</param>
    public VpcdSlot(Card card, VpcdOptions? options = null, int index = 0, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(card);
        options ??= new VpcdOptions();
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port + index, 65535, nameof(index));
        if (options.Port == 0 && index != 0)
            throw new ArgumentOutOfRangeException(nameof(index), index, "Only a single slot (index 0) may let the system pick its port.");
        Card = card;
        Index = index;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _linkState = VpcdLinkState.Connecting;
    }

    /// <summary>Raised on the serving thread after each APDU; the event data holds copies of the bytes.</summary>
    public event EventHandler<VpcdExchangeEventArgs>? ApduExchanged;

    /// <summary>Raised when the link or the card's power changes, or a frame breaks the protocol.</summary>
    public event EventHandler<VpcdSlotEventArgs>? StateChanged;

    /// <summary>The card in the slot. While the slot runs, touch it only through <see cref="UseCard{T}(Func{Card, T})"/>.</summary>
    public Card Card { get; }

    /// <summary>The vpcd slot number.</summary>
    public int Index { get; }

    /// <summary>The TCP port of this slot: vpcd's base port plus <see cref="Index"/>.</summary>
    public int Port => _options.Port + Index;

    /// <summary>The port a reversed-mode slot listens on (the one the system picked when <see cref="Port"/> is 0); 0 until it listens.</summary>
    public int ListeningPort => Volatile.Read(ref _listeningPort);

    /// <summary>Normal or reversed mode.</summary>
    public VpcdMode Mode => _options.Mode;

    /// <summary>True while the card is in the reader (the default).</summary>
    public bool IsInserted
    {
        get
        {
            lock (_stateLock)
                return _inserted.Task.IsCompleted;
        }
    }

    /// <summary>Whether vpcd currently sees the card.</summary>
    public VpcdLinkState LinkState
    {
        get
        {
            lock (_stateLock)
                return _linkState;
        }
    }

    /// <summary>
    /// Puts the card back into the reader: the slot seeks a link again and vpcd reports the card at its next poll.
    /// Does nothing if the card is in.
    /// </summary>
    public void Insert()
    {
        lock (_stateLock)
        {
            if (_inserted.Task.IsCompleted)
                return;
            _inserted.SetResult();
            _linkState = VpcdLinkState.Connecting;
        }

        Raise(VpcdSlotEventKind.Inserted, $"port {Port}");
    }

    /// <summary>
    /// Takes the card out of the reader: the link closes (terminals see the card removed) and the card loses power.
    /// Does nothing if the card is out.
    /// </summary>
    public void Remove()
    {
        lock (_stateLock)
        {
            if (!_inserted.Task.IsCompleted)
                return;
            _inserted = NewSignal(completed: false);
            _linkState = VpcdLinkState.Removed;
            _link?.Cancel();
        }

        // The slot powers the card off when the link goes down, after any command in progress.
        Raise(VpcdSlotEventKind.Removed, $"port {Port}");
    }

    /// <summary>
    /// Removes the card and inserts it again: terminals see it removed and reinserted, and it comes back unpowered
    /// (an interrupted transaction is rolled back at the next power-up).
    /// </summary>
    public void PowerCycle()
    {
        Remove();
        Insert();
    }

    /// <summary>Runs <paramref name="action"/> on the card while no APDU is in progress (the slot's card lock held).</summary>
    public T UseCard<T>(Func<Card, T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        lock (_cardLock)
            return action(Card);
    }

    /// <summary>
    /// Serves the card until <paramref name="cancellationToken"/> is cancelled, then closes the link and returns.
    /// Link failures, pcscd restarts and malformed frames are survived: the slot reconnects (normal mode) or listens
    /// again (reversed mode), waiting <see cref="VpcdOptions.ReconnectDelay"/> doubling to
    /// <see cref="VpcdOptions.MaxReconnectDelay"/> between failed attempts.
    /// </summary>
    /// <exception cref="InvalidOperationException">The slot is already running.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
            throw new InvalidOperationException("The slot is already running.");

        Socket? listener = null;
        try
        {
            TimeSpan delay = _options.ReconnectDelay;
            while (!cancellationToken.IsCancellationRequested)
            {
                Task inserted;
                lock (_stateLock)
                    inserted = _inserted.Task;
                await inserted.WaitAsync(cancellationToken).ConfigureAwait(false);

                using CancellationTokenSource? link = OpenLink(cancellationToken);
                if (link is null)
                    continue;

                bool connected = false;
                string reason = "closed by vpcd";
                try
                {
                    if (_options.Mode == VpcdMode.Reversed)
                        listener ??= Listen();
                    Socket? acceptOn = listener;
                    CancellationToken linkToken = link.Token;

                    // The link lives on a thread of its own with blocking socket calls on a socket never used
                    // asynchronously: a blocked receive then wakes its own thread directly, where the asynchronous
                    // path (or .NET's emulation of blocking calls on a non-blocking socket) adds a hop through another
                    // thread to every APDU. Cancelling the link closes the socket, which ends a blocked call at once.
                    reason = await Task.Factory.StartNew(
                        () =>
                        {
                            Socket socket = acceptOn is null ? Connect(linkToken) : Accept(acceptOn, linkToken);
                            connected = true;
                            return Serve(socket, linkToken);
                        },
                        CancellationToken.None,
                        TaskCreationOptions.LongRunning,
                        TaskScheduler.Default).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (link.IsCancellationRequested)
                {
                    reason = cancellationToken.IsCancellationRequested ? "stopped" : "card removed";
                }
                catch (SocketException e)
                {
                    reason = !link.IsCancellationRequested ? e.Message : cancellationToken.IsCancellationRequested ? "stopped" : "card removed";
                    if (!connected)
                    {
                        listener?.Dispose();
                        listener = null;
                    }
                }
                catch (IOException e)
                {
                    reason = e.Message;
                }
                catch (ObjectDisposedException) when (link.IsCancellationRequested)
                {
                    reason = cancellationToken.IsCancellationRequested ? "stopped" : "card removed";
                    if (!connected)
                    {
                        listener?.Dispose();
                        listener = null;
                    }
                }
                finally
                {
                    CloseLink(link);
                }

                if (connected)
                {
                    LinkDown(reason);
                    delay = _options.ReconnectDelay;
                }

                if (!IsInserted)
                {
                    // A removed card refuses connections: vpcd in reversed mode must not reach a listener nobody accepts on.
                    listener?.Dispose();
                    listener = null;
                }

                if (!connected && IsInserted && !cancellationToken.IsCancellationRequested)
                {
                    VpcdLog.ConnectFailed(_logger, Index, Endpoint, reason, delay);
                    Raise(VpcdSlotEventKind.ConnectFailed, reason);
                    await Task.Delay(delay, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            listener?.Dispose();
            lock (_cardLock)
                Card.PowerOff();
            lock (_stateLock)
                _linkState = _inserted.Task.IsCompleted ? VpcdLinkState.Connecting : VpcdLinkState.Removed;
            Volatile.Write(ref _running, 0);
        }
    }

    private string Endpoint => $"{_options.Host}:{Port}";

    private static TaskCompletionSource NewSignal(bool completed)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
            signal.SetResult();
        return signal;
    }

    /// <summary>Resets the link (RST, not FIN): vpcd fails a command in progress at once instead of reading an empty answer.</summary>
    private static void Abort(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(enable: true, seconds: 0);
            socket.Close();
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException)
        {
        }
    }

    private static void ArmQuickAck(Socket socket)
    {
        int enable = 1;
        socket.SetRawSocketOption(IpProtoTcp, TcpQuickAck, MemoryMarshal.AsBytes(new ReadOnlySpan<int>(ref enable)));
    }

    /// <summary>A token source for one link attempt, registered so that <see cref="Remove"/> can cancel it; null if the card was removed meanwhile.</summary>
    private CancellationTokenSource? OpenLink(CancellationToken cancellationToken)
    {
        var link = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        lock (_stateLock)
        {
            if (!_inserted.Task.IsCompleted)
            {
                link.Dispose();
                return null;
            }

            _link = link;
            _linkState = VpcdLinkState.Connecting;
        }

        return link;
    }

    private void CloseLink(CancellationTokenSource link)
    {
        lock (_stateLock)
        {
            if (ReferenceEquals(_link, link))
                _link = null;
            _linkState = _inserted.Task.IsCompleted ? VpcdLinkState.Connecting : VpcdLinkState.Removed;
        }
    }

    private void LinkDown(string reason)
    {
        // A card pulled from the reader, or whose reader went away, loses power.
        lock (_cardLock)
            Card.PowerOff();
        VpcdLog.LinkDown(_logger, Index, reason);
        Raise(VpcdSlotEventKind.LinkDown, reason);
    }

    private Socket Connect(CancellationToken cancellationToken)
    {
        IPAddress address = Resolve(_options.Host);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using (cancellationToken.UnsafeRegister(static state => ((Socket)state!).Dispose(), socket))
                socket.Connect(new IPEndPoint(address, Port));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static Socket Accept(Socket listener, CancellationToken cancellationToken)
    {
        using (cancellationToken.UnsafeRegister(static state => ((Socket)state!).Dispose(), listener))
            return listener.Accept();
    }

    private static IPAddress Resolve(string host) =>
        IPAddress.TryParse(host, out IPAddress? address) ? address : Dns.GetHostAddresses(host)[0];

    private Socket Listen()
    {
        IPAddress address = Resolve(_options.Host);
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(new IPEndPoint(address, Port));
            listener.Listen(1);
            var bound = (IPEndPoint)listener.LocalEndPoint!;
            Volatile.Write(ref _listeningPort, bound.Port);
            VpcdLog.Listening(_logger, Index, bound.ToString(), bound.Port);
            return listener;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>Serves frames until the link ends; returns why it ended.</summary>
    private string Serve(Socket socket, CancellationToken cancellationToken)
    {
        using (socket)
        using (cancellationToken.UnsafeRegister(static state => Abort((Socket)state!), socket))
        {
            socket.NoDelay = true;
            bool quickAck = OperatingSystem.IsLinux();
            lock (_stateLock)
                _linkState = VpcdLinkState.Connected;
            string endpoint = socket.RemoteEndPoint?.ToString() ?? Endpoint;
            VpcdLog.LinkUp(_logger, Index, endpoint);
            Raise(VpcdSlotEventKind.LinkUp, endpoint);

            int start = 0;
            int end = 0;
            while (true)
            {
                if (quickAck)
                {
                    try
                    {
                        ArmQuickAck(socket);
                    }
                    catch (SocketException)
                    {
                        quickAck = false;
                    }
                }

                if (end == _receive.Length)
                {
                    // Only a partial frame is buffered, away from the start: move it down to make room for the rest.
                    Buffer.BlockCopy(_receive, start, _receive, 0, end - start);
                    end -= start;
                    start = 0;
                }

                int received = socket.Receive(_receive.AsSpan(end), SocketFlags.None);
                if (received == 0)
                {
                    if (end == start)
                        return "closed by vpcd";
                    ProtocolError($"the link closed inside a frame ({end - start} bytes of it received)");
                    return "truncated frame";
                }

                end += received;
                long arrival = Stopwatch.GetTimestamp();
                while (end - start >= HeaderLength)
                {
                    int length = BinaryPrimitives.ReadUInt16BigEndian(_receive.AsSpan(start));
                    if (end - start < HeaderLength + length)
                        break;
                    int payload = start + HeaderLength;
                    start = payload + length;
                    if (!HandleFrame(socket, payload, length, arrival))
                    {
                        // The card is mute: reset the link, so that vpcd fails the command rather than wait for an answer.
                        socket.LingerState = new LingerOption(enable: true, seconds: 0);
                        return "the card was mute (unpowered or lost power during a command)";
                    }
                }

                if (start == end)
                {
                    start = 0;
                    end = 0;
                }
            }
        }
    }

    /// <summary>Handles one frame; false if the card was mute and the link must be reset.</summary>
    private bool HandleFrame(Socket socket, int offset, int length, long arrival)
    {
        if (length == 0)
        {
            // vpcd never sends an empty frame; answering one would put the stream out of step.
            ProtocolError("an empty frame (ignored)");
            return true;
        }

        if (length == 1)
        {
            HandleControl(socket, (VpcdControlCode)_receive[offset]);
            return true;
        }

        ReadOnlySpan<byte> command = _receive.AsSpan(offset, length);
        int responseLength;
        lock (_cardLock)
            responseLength = Card.Transmit(command, _send.AsSpan(HeaderLength, MaxFramePayload));

        if (ApduExchanged is { } handler)
        {
            handler(this, new VpcdExchangeEventArgs(
                Index, command.ToArray(), _send.AsSpan(HeaderLength, responseLength).ToArray(), Stopwatch.GetElapsedTime(arrival)));
        }

        if (responseLength == 0)
            return false;
        SendFrame(socket, responseLength);
        return true;
    }

    private void HandleControl(Socket socket, VpcdControlCode code)
    {
        byte[] answer;
        switch (code)
        {
            case VpcdControlCode.GetAtr:
                int atrLength;
                lock (_cardLock)
                {
                    ReadOnlySpan<byte> atr = Card.Atr;
                    atr.CopyTo(_send.AsSpan(HeaderLength));
                    atrLength = atr.Length;
                }

                SendFrame(socket, atrLength);
                return;

            case VpcdControlCode.PowerOff:
                lock (_cardLock)
                    Card.PowerOff();
                Raise(VpcdSlotEventKind.PoweredOff, string.Empty);
                return;

            case VpcdControlCode.PowerOn:
                lock (_cardLock)
                {
                    // vpcd powers a card up cold; a card still powered goes through power-off first.
                    if (Card.IsPowered)
                        Card.PowerOff();
                    answer = Card.PowerOn();
                }

                Raise(VpcdSlotEventKind.PoweredOn, answer.Length == 0 ? "the card failed to power up" : "ATR " + Hex.Encode(answer), answer);
                return;

            case VpcdControlCode.Reset:
                lock (_cardLock)
                    answer = Card.Reset();
                Raise(VpcdSlotEventKind.Reset, answer.Length == 0 ? "the card failed to power up" : "ATR " + Hex.Encode(answer), answer);
                return;

            default:
                ProtocolError($"unknown control code {(byte)code:X2} (ignored)");
                return;
        }
    }

    /// <summary>Sends the length and the <paramref name="length"/> bytes already at <c>_send[2..]</c> in one write.</summary>
    private void SendFrame(Socket socket, int length)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_send, (ushort)length);
        int total = HeaderLength + length;
        int sent = 0;
        while (sent < total)
            sent += socket.Send(_send.AsSpan(sent, total - sent), SocketFlags.None);
    }

    private void ProtocolError(string detail)
    {
        VpcdLog.ProtocolError(_logger, Index, detail);
        Raise(VpcdSlotEventKind.ProtocolError, detail);
    }

    private void Raise(VpcdSlotEventKind kind, string detail, byte[]? atr = null)
    {
        if (kind is not (VpcdSlotEventKind.LinkUp or VpcdSlotEventKind.LinkDown or VpcdSlotEventKind.ProtocolError or VpcdSlotEventKind.ConnectFailed))
            VpcdLog.CardEvent(_logger, Index, kind, detail);
        StateChanged?.Invoke(this, new VpcdSlotEventArgs(Index, kind, detail, atr));
    }
}
