using System.Net;
using System.Net.Sockets;
using CardOS.Apdu;
using CardOS.Applets.Purse;
using CardOS.Applets.Purse.Commands;
using CardOS.Applets.Purse.Terminal;

namespace CardOS.Tests.Purse;

/// <summary>
/// Purse, PSAM, ledger, merchant service and server on 127.0.0.1; the client reaches the purse through
/// <see cref="PurseChannel"/> (the in-process reader, or a PC/SC channel through pcscd).
/// </summary>
public sealed class SplitTerminalHarness : IDisposable
{
    private readonly uint _initialBalance;
    private readonly Func<ICardChannel>? _reconnect;

    public SplitTerminalHarness(IPaymentLedger ledger, PurseWorld? world = null, Func<ICardChannel>? reconnect = null)
    {
        World = world ?? new PurseWorld();
        Ledger = ledger;
        Service = World.CreateMerchant(ledger);
        Server = new MerchantServer(Service, clientTimeout: TimeSpan.FromSeconds(20));
        Server.Start();
        _initialBalance = World.Purse.Balance;
        _reconnect = reconnect;
        PurseChannel = reconnect is null ? World.PurseReader : reconnect();
    }

    public PurseWorld World { get; }

    public IPaymentLedger Ledger { get; }

    public MerchantService Service { get; }

    public MerchantServer Server { get; }

    public ICardChannel PurseChannel { get; private set; }

    public PaymentResult Pay(string owner, uint amount)
    {
        PaymentResult result = PurseRelayClient.Pay(IPAddress.Loopback.ToString(), Server.Port, PurseChannel, owner, amount);
        Server.WaitForSessions();
        return result;
    }

    public int CountApdus()
    {
        var counting = new CountingChannel(PurseChannel);
        PurseRelayClient.Pay(IPAddress.Loopback.ToString(), Server.Port, counting, "count", 300);
        Server.WaitForSessions();
        return counting.Count;
    }

    /// <summary>Relays a payment with a client that is killed (socket reset) at APDU <paramref name="step"/>; then the purse is taken out and put back.</summary>
    public void PayKilled(string owner, uint amount, int step, Cut cut)
    {
        using var client = new TcpClient { NoDelay = true };
        client.Connect(IPAddress.Loopback, Server.Port);
        try
        {
            // A step beyond the session's last APDU lets it run to its end.
            PurseRelayClient.Pay(client.GetStream(), new KillingChannel(PurseChannel, step, cut, client), owner, amount);
        }
        catch (ClientKilledException)
        {
        }

        Server.WaitForSessions();
        if (_reconnect is null)
        {
            World.PurseReader.Reset();
        }
        else
        {
            (PurseChannel as IDisposable)?.Dispose();
            PurseChannel = _reconnect();
        }
    }

    /// <summary>After a clean session: purse decrease = PSAM total = completed records, nothing pending, nothing twice, settlement agrees.</summary>
    public void AssertConsistent(string context = "")
    {
        Service.Reconcile();
        PurseChannel.SendChecked(new SelectApplicationCommand(PurseApplet.DefaultAid));
        uint balance = PurseChannel.SendChecked(new GetPurseDataCommand()).Balance;
        uint decrease = _initialBalance - balance;
        IReadOnlyList<PaymentRecord> records = Ledger.GetRecords();
        long recorded = records.Where(r => r.Status == PaymentStatus.Completed).Sum(r => r.Amount);
        var log = new List<PurseLogEntry>();
        for (int record = 1; record <= PurseApplet.LogCapacity; record++)
        {
            ReadLogRecordResponse response = PurseChannel.Send(new ReadLogRecordCommand(record));
            if (!response.IsSuccess)
                break;
            log.Add(response.Entry);
        }

        Assert.Multiple(() =>
        {
            Assert.That(World.Psam.Total, Is.EqualTo((ulong)decrease), $"{context}: PSAM total = purse decrease");
            Assert.That(recorded, Is.EqualTo(decrease), $"{context}: ledger = purse decrease");
            Assert.That(records.Where(r => r.Status == PaymentStatus.Pending), Is.Empty, $"{context}: no record pending");
            Assert.That(World.PsamReader.SendChecked(new PsamGetDataCommand()).PendingCount, Is.Zero, $"{context}: no PSAM purchase pending");
            Assert.That(log.Select(e => e.Counter).Distinct().Count(), Is.EqualTo(log.Count), $"{context}: no log entry twice");
            Assert.That(records.Select(r => r.Sequence).Distinct().Count(), Is.EqualTo(records.Count), $"{context}: no record twice");
            Assert.That((ulong)log.Where(e => e.Type == PurseLogType.Purchase).Sum(e => e.Amount), Is.EqualTo((ulong)decrease), $"{context}: the purse's log adds up");
        });
        Settlement settlement = Service.Settle();
        Assert.That(settlement.Total, Is.EqualTo((ulong)decrease), $"{context}: settlement");
        Assert.That(settlement.Records.Count, Is.EqualTo((int)settlement.Count), $"{context}: settled records");
    }

    public void Dispose()
    {
        Server.Dispose();
        if (_reconnect is not null)
            (PurseChannel as IDisposable)?.Dispose();
    }

    private sealed class ClientKilledException : Exception
    {
    }

    /// <summary>Kills the client (resets its socket) at APDU number <c>killAt</c>, before or after the purse runs it.</summary>
    private sealed class KillingChannel(ICardChannel inner, int killAt, Cut cut, TcpClient client) : ICardChannel
    {
        private int _count;

        public int Transmit(ReadOnlySpan<byte> command, Span<byte> response)
        {
            if (_count++ == killAt)
            {
                if (cut == Cut.AfterCard)
                    inner.Transmit(command, response);
                client.Client.LingerState = new LingerOption(true, 0);
                client.Close();
                throw new ClientKilledException();
            }

            return inner.Transmit(command, response);
        }
    }

    private sealed class CountingChannel(ICardChannel inner) : ICardChannel
    {
        public int Count { get; private set; }

        public int Transmit(ReadOnlySpan<byte> command, Span<byte> response)
        {
            Count++;
            return inner.Transmit(command, response);
        }
    }
}
