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

    [TestCase(LedgerKind.InMemory)]
    [TestCase(LedgerKind.Sqlite)]
    [TestCase(LedgerKind.PostgreSql)]
    public void Pay_ThroughRelay_CompletesAndRecords(LedgerKind kind)
    {
        using var ledgers = new TestLedgers();
        using var terminal = new SplitTerminalHarness(ledgers.Create(kind));
        PaymentResult result = terminal.Pay("alice", Amount);
        Assert.That(result.Code, Is.EqualTo(PaymentResultCode.Completed), result.Message);
        Assert.That(result.BalanceAfter, Is.EqualTo(10_000 - Amount));
        PaymentRecord record = terminal.Ledger.GetRecords().Single();
        Assert.Multiple(() =>
        {
            Assert.That(record.Amount, Is.EqualTo(Amount));
            Assert.That(record.CardNumber, Is.EqualTo("5999000000000001"));
            Assert.That(record.Currency, Is.EqualTo(978));
            Assert.That(record.Owner, Is.EqualTo("alice"));
            Assert.That(record.Status, Is.EqualTo(PaymentStatus.Completed));
        });
        terminal.AssertConsistent();
    }

    [Test]
    public void Pay_InsufficientBalance_DeclinedNothingRecordedAsCompleted()
    {
        using var terminal = new SplitTerminalHarness(new InMemoryPaymentLedger());
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
                using var terminal = new SplitTerminalHarness(ledgers.Create(kind));
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
                    using var terminal = new SplitTerminalHarness(new InMemoryPaymentLedger());
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
        using var terminal = new SplitTerminalHarness(ledger);
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
        using var terminal = new SplitTerminalHarness(ledger);
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
}
