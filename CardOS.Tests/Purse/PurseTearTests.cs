using CardOS.Apdu;
using CardOS.Applets.Purse;
using CardOS.Applets.Purse.Commands;
using CardOS.Applets.Purse.Terminal;
using CardOS.Runtime;

namespace CardOS.Tests.Purse;

/// <summary>
/// Power cut at every EEPROM write of one purchase and one load, on each card taking part: after power-up and the
/// recovery, every value the purse gave up is counted exactly once (PSAM, ledger, load module) and nothing is duplicated.
/// </summary>
public class PurseTearTests
{
    private const uint Amount = 250;
    private const uint LoadAmount = 5000;

    public enum Victim
    {
        Purse,
        Psam,
    }

    [TestCase(Victim.Purse)]
    [TestCase(Victim.Psam)]
    public void Purchase_PowerCutAtEveryWrite_ConsistentAfterRecovery(Victim victim)
    {
        int writes = CountWrites(world => world.CreateMerchant().Pay(world.PurseReader, "x", Amount), victim == Victim.Purse);
        Assert.That(writes, Is.GreaterThan(4));
        int hits = 0;
        for (int cut = 0; cut <= writes; cut++)
        {
            var world = new PurseWorld();
            var ledger = new InMemoryPaymentLedger();
            MerchantService merchant = world.CreateMerchant(ledger);
            uint before = world.Purse.Balance;
            uint counterBefore = world.Purse.Counter;
            Card card = victim == Victim.Purse ? world.PurseCard : world.PsamCard;
            card.Eeprom.ScheduleTear(cut);
            PaymentResult result = merchant.Pay(world.PurseReader, "x", Amount);
            bool torn = card.Eeprom.IsTearScheduled == false && !card.IsPowered;
            card.Eeprom.CancelTear();
            if (!card.IsPowered)
            {
                hits++;
                card.PowerOn();
            }

            uint afterCut = world.Purse.Balance;
            Assert.That(afterCut, Is.EqualTo(before).Or.EqualTo(before - Amount), $"cut {cut}: balance");
            List<PurseLogEntry> log = world.ReadLog();
            Assert.That(log.Count, Is.EqualTo(afterCut == before ? 0 : 1), $"cut {cut}: the log matches the balance");
            Assert.That(world.Purse.Counter, Is.InRange(counterBefore, counterBefore + 1), $"cut {cut}: counter");
            if (!torn)
                Assert.That(result.Code, Is.EqualTo(PaymentResultCode.Completed), $"cut {cut}: no cut, so the payment completes");

            // Recovery: a new session with the same purse (an authentication-only payment) resolves what is pending.
            merchant = world.CreateMerchant(ledger);
            PaymentResult next = merchant.Pay(world.PurseReader, "x", 0);
            Assert.That(next.Code, Is.EqualTo(PaymentResultCode.Completed), $"cut {cut}: next payment");
            uint decrease = before - world.Purse.Balance;
            long recorded = ledger.GetRecords().Where(r => r.Status == PaymentStatus.Completed).Sum(r => r.Amount);
            Assert.Multiple(() =>
            {
                Assert.That(world.Psam.Total, Is.EqualTo((ulong)decrease), $"cut {cut}: PSAM total = purse decrease");
                Assert.That(recorded, Is.EqualTo(decrease), $"cut {cut}: ledger = purse decrease");
                Assert.That(ledger.GetRecords().Where(r => r.Status == PaymentStatus.Pending), Is.Empty, $"cut {cut}: nothing pending");
                Assert.That(world.PsamReader.SendChecked(new PsamGetDataCommand()).PendingCount, Is.Zero, $"cut {cut}: PSAM pending");
                List<PurseLogEntry> entries = world.ReadLog();
                Assert.That(entries.Select(e => e.Counter).Distinct().Count(), Is.EqualTo(entries.Count), $"cut {cut}: no duplicated log entry");
            });
        }

        Assert.That(hits, Is.EqualTo(writes), "every write but the last sweep point was cut");
        TestContext.Out.WriteLine($"{victim}: {writes} writes swept");
    }

    public enum LoadVictim
    {
        Purse,
        LoadModule,
    }

    [TestCase(LoadVictim.Purse)]
    [TestCase(LoadVictim.LoadModule)]
    public void Load_PowerCutAtEveryWrite_RecoveryDecidesExactly(LoadVictim victim)
    {
        int writes = CountWrites(world => world.CreateLoader().Load(LoadAmount), victim == LoadVictim.Purse, loadModule: victim == LoadVictim.LoadModule);
        Assert.That(writes, Is.GreaterThan(4));
        int hits = 0;
        for (int cut = 0; cut <= writes; cut++)
        {
            var world = new PurseWorld();
            uint before = world.Purse.Balance;
            Card card = victim == LoadVictim.Purse ? world.PurseCard : world.LoadModuleCard;
            card.Eeprom.ScheduleTear(cut);
            LoadResult? result = null;
            try
            {
                result = world.CreateLoader().Load(LoadAmount);
            }
            catch (CardConnectionException)
            {
            }

            card.Eeprom.CancelTear();
            if (!card.IsPowered)
            {
                hits++;
                card.PowerOn();
            }

            uint after = world.Purse.Balance;
            Assert.That(after, Is.EqualTo(before).Or.EqualTo(before + LoadAmount), $"cut {cut}: balance");
            bool loaded = after == before + LoadAmount;
            if (result?.Outcome is null)
            {
                LoadOutcome? decided = world.CreateLoader().Recover();
                if (world.LoadModuleReader.SendChecked(new LoadModuleGetDataCommand()).PendingCount == 0 && decided is null)
                    Assert.That(loaded, Is.False, $"cut {cut}: nothing was pending, so nothing may have been loaded");
                else
                    Assert.That(decided, Is.EqualTo(loaded ? LoadOutcome.Loaded : LoadOutcome.NotLoaded), $"cut {cut}: recovery");
            }
            else
            {
                Assert.That(result.Outcome, Is.EqualTo(loaded ? LoadOutcome.Loaded : LoadOutcome.NotLoaded), $"cut {cut}: outcome");
            }

            Assert.Multiple(() =>
            {
                Assert.That(world.LoadModule.Total, Is.EqualTo(loaded ? LoadAmount : 0u), $"cut {cut}: load module total = purse increase");
                Assert.That(world.LoadModuleReader.SendChecked(new LoadModuleGetDataCommand()).PendingCount, Is.Zero, $"cut {cut}: nothing pending");
                Assert.That(world.ReadLog().Count, Is.EqualTo(loaded ? 1 : 0), $"cut {cut}: the log matches the balance");
            });
        }

        Assert.That(hits, Is.EqualTo(writes), "every write but the last sweep point was cut");
        TestContext.Out.WriteLine($"{victim}: {writes} writes swept");
    }

    /// <summary>The EEPROM writes the victim card makes in one undisturbed run of <paramref name="operation"/>.</summary>
    private static int CountWrites(Action<PurseWorld> operation, bool purse, bool loadModule = false)
    {
        var world = new PurseWorld();
        if (!purse && !loadModule)
            world.CreateMerchant();
        Card card = purse ? world.PurseCard : loadModule ? world.LoadModuleCard : world.PsamCard;
        long start = card.Eeprom.WriteCount;
        operation(world);
        return (int)(card.Eeprom.WriteCount - start);
    }
}
