using System.Net;
using System.Net.Sockets;
using CardOS.Apdu;
using CardOS.Applets.Purse.Commands;
using CardOS.Applets.Purse.Terminal;

namespace CardOS.Tests.Purse;

/// <summary>
/// The split terminal end to end over TCP on 127.0.0.1: the client relays whole APDUs between the purse and the merchant
/// server. The client is killed (its socket reset) at every APDU of a payment, before or after the purse ran it, also
/// inside the session that recovers an earlier cut; afterwards purse, PSAM totals and ledger agree exactly.
/// </summary>
[NonParallelizable]
public class SplitTerminalTests
{
    private const uint Amount = 300;

    public enum Cut
    {
        BeforeCard,
        AfterCard,
    }

    [TestCase(LedgerKind.InMemory)]
    [TestCase(LedgerKind.Sqlite)]
    [TestCase(LedgerKind.PostgreSql)]
    public void Pay_ThroughRelay_CompletesAndRecords(LedgerKind kind)
    {
        using var ledgers = new TestLedgers();
        using var terminal = new Terminal(ledgers.Create(kind));
        PaymentResult result = terminal.Pay("alice", Amount);
        Assert.That(result.Code, Is.EqualTo(PaymentResultCode.Completed), result.Message);
        Assert.That(result.BalanceAfter, Is.EqualTo(10_000 - Amount));
        PaymentRecord record = terminal.Ledger.GetRecords().Single();
        Assert.Multiple(() =>
        {
            Assert.That(record.Amount, Is.EqualTo(Amount));
            Assert.That(record.CardNumber, Is.EqualTo("5999000000000001"));
            Assert.That(record.Currency, Is.EqualTo(0x0978));
            Assert.That(record.Owner, Is.EqualTo("alice"));
            Assert.That(record.Status, Is.EqualTo(PaymentStatus.Completed));
        });
        terminal.AssertConsistent();
    }

    [Test]
    public void Pay_InsufficientBalance_DeclinedNothingRecordedAsCompleted()
    {
        using var terminal = new Terminal(new InMemoryPaymentLedger());
        PaymentResult result = terminal.Pay("bob", 20_000);
        Assert.That(result.Code, Is.EqualTo(PaymentResultCode.Declined));
        Assert.That(result.StatusWord, Is.EqualTo(Applets.Purse.PurseStatusWords.InsufficientBalance));
        terminal.AssertConsistent();
    }

    [TestCase(LedgerKind.InMemory)]
    [TestCase(LedgerKind.Sqlite)]
    [TestCase(LedgerKind.PostgreSql)]
    public void KilledClient_AtEveryStep_RecoveredConsistently(LedgerKind kind)
    {
        using var ledgers = new TestLedgers();
        int steps = CountRelayedApdus(new InMemoryPaymentLedger());
        for (int step = 0; step < steps; step++)
        {
            foreach (Cut cut in Enum.GetValues<Cut>())
            {
                using var terminal = new Terminal(ledgers.Create(kind));
                terminal.PayKilled("carol", Amount, step, cut);
                PaymentResult next = terminal.Pay("carol", 0);
                Assert.That(next.Code, Is.EqualTo(PaymentResultCode.Completed), $"step {step} {cut}: {next.Message}");
                terminal.AssertConsistent($"step {step} {cut}");
            }
        }
    }

    [Test]
    public void KilledClient_AlsoDuringTheRecoverySession_RecoveredConsistently()
    {
        int steps = CountRelayedApdus(new InMemoryPaymentLedger());
        for (int first = 0; first < steps; first++)
        {
            for (int second = 0; second < steps + 2; second++)
            {
                foreach (Cut cut in Enum.GetValues<Cut>())
                {
                    using var terminal = new Terminal(new InMemoryPaymentLedger());
                    terminal.PayKilled("dave", Amount, first, Cut.AfterCard);
                    terminal.PayKilled("dave", 100, second, cut);
                    PaymentResult last = terminal.Pay("dave", 50);
                    Assert.That(last.Code, Is.EqualTo(PaymentResultCode.Completed), $"{first}/{second} {cut}: {last.Message}");
                    terminal.AssertConsistent($"{first}/{second} {cut}");
                }
            }
        }
    }

    [Test]
    public void ServerCrashBetweenPsamAndLedger_ReconcileCompletesTheRecord()
    {
        var ledger = new FailingLedger();
        using var terminal = new Terminal(ledger);
        Assert.That(() => terminal.Service.Pay(terminal.World.PurseReader, "erin", Amount), Throws.TypeOf<IOException>());
        Assert.That(ledger.GetRecords().Single().Status, Is.EqualTo(PaymentStatus.Pending));

        // The server reports a failing ledger to the client as an interruption and keeps serving.
        PaymentResult relayed = terminal.Pay("erin", 1);
        Assert.That(relayed.Code, Is.EqualTo(PaymentResultCode.Interrupted));
        ledger.Fail = false;
        Assert.That(terminal.Service.Reconcile(), Is.EqualTo(2));
        terminal.AssertConsistent();
    }

    private static int CountRelayedApdus(IPaymentLedger ledger)
    {
        using var terminal = new Terminal(ledger);
        return terminal.CountApdus();
    }

    /// <summary>A ledger whose SetStatus fails like a crashed server: the PSAM has counted, the record stays pending.</summary>
    private sealed class FailingLedger : IPaymentLedger
    {
        private readonly InMemoryPaymentLedger _inner = new();

        public bool Fail { get; set; } = true;

        public void EnsureCreated() => _inner.EnsureCreated();

        public void AddPending(PaymentRecord record) => _inner.AddPending(record);

        public void SetStatus(string psamId, long sequence, PaymentStatus status)
        {
            if (Fail)
                throw new IOException("The database went away before the ledger write.");
            _inner.SetStatus(psamId, sequence, status);
        }

        public IReadOnlyList<PaymentRecord> GetRecords() => _inner.GetRecords();

        public IReadOnlyList<PaymentRecord> CloseBatch(long batch) => _inner.CloseBatch(batch);
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

    /// <summary>Purse, PSAM, ledger, merchant service and server on 127.0.0.1.</summary>
    private sealed class Terminal : IDisposable
    {
        private readonly uint _initialBalance;

        public Terminal(IPaymentLedger ledger)
        {
            World = new PurseWorld();
            Ledger = ledger;
            Service = World.CreateMerchant(ledger);
            Server = new MerchantServer(Service, clientTimeout: TimeSpan.FromSeconds(20));
            Server.Start();
            _initialBalance = World.Purse.Balance;
        }

        public PurseWorld World { get; }

        public IPaymentLedger Ledger { get; }

        public MerchantService Service { get; }

        public MerchantServer Server { get; }

        public PaymentResult Pay(string owner, uint amount)
        {
            PaymentResult result = PurseRelayClient.Pay(IPAddress.Loopback.ToString(), Server.Port, World.PurseReader, owner, amount);
            Server.WaitForSessions();
            return result;
        }

        public int CountApdus()
        {
            var counting = new CountingChannel(World.PurseReader);
            PurseRelayClient.Pay(IPAddress.Loopback.ToString(), Server.Port, counting, "count", Amount);
            Server.WaitForSessions();
            return counting.Count;
        }

        public void PayKilled(string owner, uint amount, int step, Cut cut)
        {
            using var client = new TcpClient { NoDelay = true };
            client.Connect(IPAddress.Loopback, Server.Port);
            try
            {
                // A step beyond the session's last APDU lets it run to its end.
                PurseRelayClient.Pay(client.GetStream(), new KillingChannel(World.PurseReader, step, cut, client), owner, amount);
            }
            catch (ClientKilledException)
            {
            }

            Server.WaitForSessions();

            // The purse was in the killed client's reader: its session ends as the card is taken out (reset).
            World.PurseReader.Reset();
        }

        /// <summary>After a clean session: purse decrease = PSAM total = completed records, nothing pending, nothing twice, settlement agrees.</summary>
        public void AssertConsistent(string context = "")
        {
            Service.Reconcile();
            uint decrease = _initialBalance - World.Purse.Balance;
            IReadOnlyList<PaymentRecord> records = Ledger.GetRecords();
            long recorded = records.Where(r => r.Status == PaymentStatus.Completed).Sum(r => r.Amount);
            List<PurseLogEntry> log = World.ReadLog();
            Assert.Multiple(() =>
            {
                Assert.That(World.Psam.Total, Is.EqualTo((ulong)decrease), $"{context}: PSAM total = purse decrease");
                Assert.That(recorded, Is.EqualTo(decrease), $"{context}: ledger = purse decrease");
                Assert.That(records.Where(r => r.Status == PaymentStatus.Pending), Is.Empty, $"{context}: no record pending");
                Assert.That(World.PsamReader.SendChecked(new PsamGetDataCommand()).PendingCount, Is.Zero, $"{context}: no PSAM purchase pending");
                Assert.That(log.Select(e => e.Counter).Distinct().Count(), Is.EqualTo(log.Count), $"{context}: no log entry twice");
                Assert.That(records.Select(r => r.Sequence).Distinct().Count(), Is.EqualTo(records.Count), $"{context}: no record twice");
                Assert.That((ulong)log.Where(e => e.Type == Applets.Purse.PurseLogType.Purchase).Sum(e => e.Amount), Is.EqualTo((ulong)decrease), $"{context}: the purse's log adds up");
            });
            Settlement settlement = Service.Settle();
            Assert.That(settlement.Total, Is.EqualTo((ulong)decrease), $"{context}: settlement");
            Assert.That(settlement.Records.Count, Is.EqualTo((int)settlement.Count), $"{context}: settled records");
        }

        public void Dispose() => Server.Dispose();
    }
}
