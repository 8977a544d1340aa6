using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CardOS.Applets.Purse.Terminal;

/// <summary>
/// The merchant server of the split terminal: listens on 127.0.0.1, and for each client connection reads the payment
/// request and runs it through <see cref="MerchantService"/> with the purse reached through the client's relay.
/// </summary>
public sealed class MerchantServer : IDisposable
{
    private readonly MerchantService _service;
    private readonly TcpListener _listener;
    private readonly TimeSpan _clientTimeout;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _sessions = [];
    private readonly Lock _lock = new();
    private Task? _acceptLoop;

    /// <summary>A server for <paramref name="service"/> on 127.0.0.1:<paramref name="port"/> (0: any free port).</summary>
    /// <param name="service">The started merchant service.</param>
    /// <param name="port">The TCP port.</param>
    /// <param name="clientTimeout">How long to wait for any one frame from a client before giving up on it (default 30 s).</param>
    public MerchantServer(MerchantService service, int port = 0, TimeSpan? clientTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        _service = service;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _clientTimeout = clientTimeout ?? TimeSpan.FromSeconds(30);
    }

    /// <summary>The port the server listens on (after <see cref="Start"/>).</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Called after each session with its result (on the session's thread).</summary>
    public event EventHandler<PaymentResult>? PaymentHandled;

    /// <summary>Starts listening and accepting clients.</summary>
    public void Start()
    {
        _listener.Start();
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Waits until every session started so far has ended.</summary>
    public void WaitForSessions()
    {
        Task[] sessions;
        lock (_lock)
            sessions = [.. _sessions];
        Task.WaitAll(sessions);
    }

    /// <summary>Stops listening and waits for running sessions.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _acceptLoop?.Wait();
        }
        catch (AggregateException)
        {
        }

        WaitForSessions();
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_lock)
            {
                _sessions.RemoveAll(t => t.IsCompleted);
                _sessions.Add(Task.Run(() => Serve(client)));
            }
        }
    }

    /// <summary>Runs the payment; a failure outside the card protocol (the ledger's database) ends this session only.</summary>
    private PaymentResult Pay(RelayedCardChannel purse, string owner, uint amount)
    {
        try
        {
            return _service.Pay(purse, owner, amount);
        }
#pragma warning disable CA1031 // The server outlives any one session; the ledger's state is repaired by Reconcile.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new PaymentResult { Code = PaymentResultCode.Interrupted, Amount = amount, Message = $"server error: {e.Message}" };
        }
    }

    private void Serve(TcpClient client)
    {
        using (client)
        {
            client.NoDelay = true;
            NetworkStream stream = client.GetStream();
            stream.ReadTimeout = (int)_clientTimeout.TotalMilliseconds;
            stream.WriteTimeout = (int)_clientTimeout.TotalMilliseconds;
            PaymentResult result;
            try
            {
                (byte Type, byte[] Payload)? hello = TerminalFrame.Read(stream);
                if (hello is not { Type: TerminalFrame.Hello } || hello.Value.Payload.Length < 4)
                    return;
                uint amount = BinaryPrimitives.ReadUInt32BigEndian(hello.Value.Payload);
                string owner = Encoding.UTF8.GetString(hello.Value.Payload.AsSpan(4));
                result = Pay(new RelayedCardChannel(stream), owner, amount);
            }
            catch (IOException)
            {
                return;
            }

            try
            {
                TerminalFrame.Write(stream, TerminalFrame.Result, PurseRelayClient.EncodeResult(result));
            }
            catch (IOException)
            {
                // The client left after the purchase ended; the ledger already holds the outcome.
            }
            finally
            {
                PaymentHandled?.Invoke(this, result);
            }
        }
    }
}
