using CardOS.Apdu;
using CardOS.Runtime;

namespace CardOS.Tests.Storage;

/// <summary>A power cut inside the card's own power-up recovery: the card stays off, and the next power-up finishes the job.</summary>
public class CardRecoveryCutTests
{
    private const string Select = "00A4040007F0000001020304";
    private const string Committed = "8014000104CAFEBABE";
    private const string Torn = "8014000104DEADBEEF";

    [Test]
    public void PowerOn_CutAtEveryRecoveryWrite_StaysMuteThenTheNextPowerOnRollsBack([Values(0.0, 0.5)] double fraction)
    {
        Card probe = TornCard();
        long start = probe.Eeprom.WriteCount;
        Assert.That(probe.PowerOn(), Is.Not.Empty);
        long recoveryWrites = probe.Eeprom.WriteCount - start;
        Assert.That(recoveryWrites, Is.GreaterThanOrEqualTo(2), "the rollback undoes at least one entry and closes the journal");

        for (long cut = 0; cut < recoveryWrites; cut++)
        {
            Card card = TornCard();
            var scheduled = ScheduledCut.At(card.Eeprom, cut, fraction);
            Assert.That(card.PowerOn(), Is.Empty, $"cut {cut}: no ATR from a card whose power-up lost power");
            Assert.That(scheduled.Settle($"recovery cut {cut}"), Is.True);
            Assert.That(card.IsPowered, Is.False);
            Assert.That(card.Transmit(Hex.Decode(Select)), Is.Empty, $"cut {cut}: the card stays mute");

            Assert.That(card.PowerOn(), Is.Not.Empty, $"cut {cut}");
            Assert.That(CardStorageTests.Send(card, Select), Is.EqualTo("9000"));
            Assert.That(CardStorageTests.Send(card, "8030000000")[..8], Is.EqualTo("CAFEBABE"), $"cut {cut}: file 0 rolled back");
            Assert.That(CardStorageTests.Send(card, "8030010000")[..8], Is.EqualTo("CAFEBABE"), $"cut {cut}: file 1 rolled back");
        }
    }

    /// <summary>A card whose second transaction was cut before its commit: off, with the journal to roll back.</summary>
    private static Card TornCard()
    {
        Card measure = CardStorageTests.NewCard(out _);
        Assert.That(CardStorageTests.Send(measure, Committed), Is.EqualTo("9000"));
        long start = measure.Eeprom.WriteCount;
        Assert.That(CardStorageTests.Send(measure, Torn), Is.EqualTo("9000"));
        long writes = measure.Eeprom.WriteCount - start;

        Card card = CardStorageTests.NewCard(out _);
        Assert.That(CardStorageTests.Send(card, Committed), Is.EqualTo("9000"));
        var cut = ScheduledCut.At(card.Eeprom, writes - 2);
        Assert.That(card.Transmit(Hex.Decode(Torn)), Is.Empty);
        Assert.That(cut.Settle("the torn transaction"), Is.True);
        return card;
    }
}
