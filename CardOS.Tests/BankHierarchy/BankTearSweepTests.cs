using CardOS.Applets.BankHierarchy;
using CardOS.Applets.BankHierarchy.Commands;

namespace CardOS.Tests.BankHierarchy;

/// <summary>
/// Done-when 3: one transfer and one interest and key update, cut at every EEPROM write of either card. After each cut
/// both cards power up consistent (their BALANCE checks, their PASSBOOK agrees with it) and the money is conserved, or
/// exactly the amount in flight is lost, in the documented window, and the reconciler finds it and restores it.
/// </summary>
public class BankTearSweepTests
{
    private const uint Transfer = 50;

    [TestCase(CryptoProfile.Des, 0.5)]
    [TestCase(CryptoProfile.Aes, 0.5)]
    [TestCase(CryptoProfile.Des, 0.0)]
    public void Transfer_CutAtEveryWrite_ConservedOrReconciled(CryptoProfile profile, double fraction) =>
        Sweep(profile, fraction, interest: false);

    [TestCase(CryptoProfile.Des, 0.5)]
    [TestCase(CryptoProfile.Aes, 0.5)]
    public void InterestAndKeyUpdate_CutAtEveryWrite_ConservedOrReconciled(CryptoProfile profile, double fraction) =>
        Sweep(profile, fraction, interest: true);

    private static void Sweep(CryptoProfile profile, double fraction, bool interest)
    {
        // A clean run counts each card's writes during the exchange.
        Scenario clean = new(profile, interest);
        long payerStart = clean.Payer.Card.Eeprom.WriteCount;
        long payeeStart = clean.Payee.Card.Eeprom.WriteCount;
        Assert.That(clean.Run().IsCompleted);
        long payerWrites = clean.Payer.Card.Eeprom.WriteCount - payerStart;
        long payeeWrites = clean.Payee.Card.Eeprom.WriteCount - payeeStart;
        Assert.That(payerWrites, Is.GreaterThan(10));
        Assert.That(payeeWrites, Is.GreaterThan(10));

        int losses = 0;
        int cuts = 0;
        foreach (bool cutPayer in new[] { true, false })
        {
            long writes = cutPayer ? payerWrites : payeeWrites;
            for (long n = 0; n < writes; n++)
            {
                var scenario = new Scenario(profile, interest);
                BankNode victim = cutPayer ? scenario.Payer : scenario.Payee;
                victim.Card.Eeprom.ScheduleTear(n, fraction);
                ExchangeOutcome outcome = scenario.Run();
                Assert.That(outcome.ConnectionLost, $"cut {(cutPayer ? "payer" : "payee")} at write {n}: {outcome}");
                cuts++;
                losses += scenario.CheckAfterCut(outcome, $"{(cutPayer ? "payer" : "payee")} write {n}/{writes}");
            }
        }

        TestContext.Out.WriteLine($"{cuts} cuts, {losses} losses found and restored");
        Assert.That(losses, Is.GreaterThan(0), "some cut must fall in the window between the two commits");
    }

    /// <summary>
    /// Payment: ALICE (1,000) pays BOB (1,000) 50. Interest: BRANCH2 (keys 2-5, date 11 01 2026) pays ALICE (keys 1-4,
    /// rate 100,000, last interest 01 01 2026) 1,000 x 100,000 x 304 / 10^9 = 30 and hands her key 5.
    /// </summary>
    private sealed class Scenario
    {
        private readonly bool _interest;
        private readonly uint _amount;
        private readonly BankNode _restorer;
        private readonly PassbookLedger _ledger = new();
        private readonly uint _payerBefore;
        private readonly uint _payeeBefore;
        private readonly byte _payeeKeyBefore;

        public Scenario(CryptoProfile profile, bool interest)
        {
            _interest = interest;
            BankNode center = BankWorld.Node("CENTER", BankRole.Center, "9000000000000001", 11, profile);
            BankNode region = BankWorld.Node("REGION1", BankRole.Region, "8000000000000001", 12, profile);
            BankNode branch = BankWorld.Node("BRANCH1", BankRole.Branch, "7000000000000001", 13, profile);
            center.Ready().CreateMoney(100_000, center.Account, BankTestKeys.CreationKey).ThrowIfFailed();
            BankWorld.Pay(center, region, 50_000);
            BankWorld.Pay(region, branch, 20_000);
            _restorer = branch;
            if (interest)
            {
                // The branch is one rollover ahead (keys 2-5) and its date is later than Alice's last interest.
                BankNode ahead = BankWorld.Node("BRANCH2", BankRole.Branch, "7000000000000002", 14, profile, r => r with
                {
                    KeyNumber = 2,
                    AppKeys = [BankTestKeys.AppKey(2, profile), BankTestKeys.AppKey(3, profile), BankTestKeys.AppKey(4, profile), BankTestKeys.AppKey(5, profile)],
                });
                BankWorld.Pay(region, ahead, 10_000);
                Payer = ahead;
                Payee = BankWorld.Node("ALICE", BankRole.Consumer, "1000000000000001", 1, profile, r => r with { Rate = 100_000, KeyDate = BankDate.Parse("01012026") });
                _restorer = region;
                BankWorld.Pay(branch, Payee, 1_000);
                _amount = 30;
            }
            else
            {
                Payer = BankWorld.Node("ALICE", BankRole.Consumer, "1000000000000001", 1, profile);
                Payee = BankWorld.Node("BOB", BankRole.Consumer, "1000000000000002", 2, profile);
                BankWorld.Pay(branch, Payer, 1_000);
                BankWorld.Pay(branch, Payee, 1_000);
                _amount = Transfer;
            }

            _payerBefore = Payer.Balance;
            _payeeBefore = Payee.Balance;
            _payeeKeyBefore = Payee.Client.GetStatus().KeyNumber;
            Download(Payer);
            Download(Payee);
            Payer.Ready();
            Payee.Ready();
        }

        public BankNode Payer { get; }

        public BankNode Payee { get; }

        public ExchangeOutcome Run() => _interest
            ? BankExchangeTerminal.PayInterest(Payer.Client, Payee.Client)
            : BankExchangeTerminal.Transfer(Payer.Client, Payee.Client, _amount);

        /// <summary>Checks both cards after a cut; returns 1 when the cut lost the amount (found and restored), else 0.</summary>
        public int CheckAfterCut(ExchangeOutcome outcome, string cut)
        {
            uint payer = Consistent(Payer, cut);
            uint payee = Consistent(Payee, cut);
            byte payeeKey = Payee.Client.GetStatus().KeyNumber;
            Download(Payer);
            Download(Payee);
            IReadOnlyList<ExchangeLoss> losses = new BankReconciler(_ledger).FindLosses();

            if (payer == _payerBefore && payee == _payeeBefore)
            {
                Assert.That(losses, Is.Empty, cut);
                Assert.That(payeeKey, Is.EqualTo(_payeeKeyBefore), $"{cut}: no key without the credit");
                return 0;
            }

            if (payer == _payerBefore - _amount && payee == _payeeBefore + _amount)
            {
                Assert.That(losses, Is.Empty, cut);
                if (_interest)
                    Assert.That(payeeKey, Is.EqualTo((byte)(_payeeKeyBefore + 1)), $"{cut}: the key comes with the credit");
                return 0;
            }

            // The window: the payer committed, the payee did not.
            Assert.That((payer, payee), Is.EqualTo((_payerBefore - _amount, _payeeBefore)), $"{cut}: neither conserved nor the documented loss");
            Assert.That(outcome.MayHaveLostValue, $"{cut}: a loss outside the window ({outcome})");
            Assert.That(losses, Has.Count.EqualTo(1), cut);
            ExchangeLoss loss = losses[0];
            Assert.That((loss.Payer, loss.Payee, loss.Amount), Is.EqualTo((Payer.Account, Payee.Account, _amount)), cut);

            var reconciler = new BankReconciler(_ledger);
            Assert.That(reconciler.Restore(loss, _restorer.Ready(), Payer.Ready()).IsCompleted, cut);
            Assert.That(Payer.Balance, Is.EqualTo(_payerBefore), $"{cut}: restored");
            Assert.That(reconciler.FindLosses(), Is.Empty, $"{cut}: restored once");
            return 1;
        }

        private static uint Consistent(BankNode node, string cut)
        {
            BankCardClient client = node.Ready();
            BankBalance balance = client.ReadBalance().Balance;
            Assert.That(client.BeginExchange(ExchangeMode.ReceivePayment, 1).IsSuccess, $"{cut}: {node.Name}'s BALANCE checks");
            client.Unlocked();
            PassbookEntry newest = client.ReadPassbook(1).Entry;
            Assert.That(newest.NewBalance, Is.EqualTo(balance.Amount), $"{cut}: {node.Name}'s PASSBOOK agrees with its BALANCE");
            return balance.Amount;
        }

        private void Download(BankNode node) => _ledger.Download(node.Ready(), node.Account);
    }
}
