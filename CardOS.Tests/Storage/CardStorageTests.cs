using CardOS.Apdu;
using CardOS.Runtime;
using CardOS.Storage;

namespace CardOS.Tests.Storage;

public class CardStorageTests
{
    private const string Select = "00A4040007F0000001020304";
    private const string SelectOther = "00A4040007F0000001029999";

    [Test]
    public void Process_ReturnsWithTransactionOpen_AbortsIt()
    {
        Card card = NewCard(out _);

        Assert.That(Send(card, "8014000003AABBCC"), Is.EqualTo("9000"));

        Assert.That(Send(card, "8030000000"), Is.EqualTo(Zeros(StorageTestApplet.FileLength) + "9000"));
        Assert.That(Send(card, "8030010000"), Is.EqualTo(Zeros(StorageTestApplet.FileLength) + "9000"));
    }

    [Test]
    public void Process_ThrowsWithTransactionOpen_AbortsIt()
    {
        Card card = NewCard(out _);

        Assert.That(Send(card, "8026010003112233"), Is.EqualTo("6A80"));

        Assert.That(Send(card, "8030010000"), Is.EqualTo(Zeros(StorageTestApplet.FileLength) + "9000"));
    }

    [Test]
    public void Process_CommitsTransaction_KeepsBothFiles()
    {
        Card card = NewCard(out _);

        Assert.That(Send(card, "8014000103010203"), Is.EqualTo("9000"));

        Assert.That(Send(card, "8030000000")[..6], Is.EqualTo("010203"));
        Assert.That(Send(card, "8030010000")[..6], Is.EqualTo("010203"));
    }

    [Test]
    public void NonAtomicWrite_InsideAbortedTransaction_IsNotUndone()
    {
        Card card = NewCard(out _);

        Assert.That(Send(card, "80160000024455"), Is.EqualTo("9000"));

        Assert.That(Send(card, "8030000000"), Is.EqualTo("4455" + Zeros(StorageTestApplet.FileLength - 2) + "9000"));
    }

    [Test]
    public void Deselect_TransactionOpenedByOnDeselect_AbortsIt()
    {
        Card card = NewCard(out StorageTestApplet applet);
        applet.WriteOnDeselect = true;

        Assert.That(Send(card, SelectOther), Is.EqualTo("9000"));
        applet.WriteOnDeselect = false;

        Assert.That(Send(card, Select), Is.EqualTo("9000"));
        Assert.That(Send(card, "8030000000")[..2], Is.EqualTo("00"));
    }

    [Test]
    public void Transmit_CommitCapacityExceeded_Answers6A84AndChangesNothing()
    {
        Card card = NewCard(out _);
        Assert.That(Send(card, "8014000103010203"), Is.EqualTo("9000"));
        string capacity = Send(card, "8032000000");

        Assert.That(Send(card, "802800001F" + new string('E', 62)), Is.EqualTo("6A84"));

        Assert.That(Send(card, "8030000000"), Is.EqualTo("010203" + Zeros(StorageTestApplet.FileLength - 3) + "9000"));
        Assert.That(Send(card, "8030010000"), Is.EqualTo("010203" + Zeros(StorageTestApplet.FileLength - 3) + "9000"));
        Assert.That(Send(card, "8032000000"), Is.EqualTo(capacity), "the journal is empty again");
        Assert.That(Send(card, "8014000102A1A2"), Is.EqualTo("9000"), "transactions still work");
    }

    [Test]
    public void Transmit_AllocationBeyondCapacity_Answers6A84AndChangesNothing()
    {
        Card card = NewCard(out _);
        int available = card.StorageStatistics.AvailableBytes;

        Assert.That(Send(card, "8050010002" + available.ToString("X4", System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo("6A84"));

        Assert.That(card.StorageStatistics.AvailableBytes, Is.EqualTo(available));
        Assert.That(Send(card, "8050010002" + (available - 24).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo("9000"));
        Assert.That(card.StorageStatistics.AvailableBytes, Is.Zero);
    }

    [Test]
    public void Install_EepromFull_Throws6A84()
    {
        var card = new Card(new CardOptions { EepromCapacity = Eeprom.MinCapacity, JournalCapacity = 2048 });
        card.Install(StorageTestApplet.AppletAid, c => new StorageTestApplet(c));
        int available = card.StorageStatistics.AvailableBytes;

        var e = Assert.Throws<IsoException>(() => card.Install(OtherTestApplet.AppletAid, c =>
        {
            c.AllocatePersistent(7, available);
            return new OtherTestApplet(c);
        }));

        Assert.That(e!.StatusWord, Is.EqualTo(StatusWord.NotEnoughMemory));
        Assert.That(card.StorageStatistics.AvailableBytes, Is.EqualTo(available));
        Assert.That(card.Applets, Has.Count.EqualTo(1));
    }

    [Test]
    public void PowerCut_InsideCommittedTransaction_CardMuteThenPowerUpLeavesBothFilesBeforeOrAfter()
    {
        Card probe = NewCard(out _);
        long start = probe.Eeprom.WriteCount;
        Assert.That(Send(probe, "8014000104CAFEBABE"), Is.EqualTo("9000"));
        long writes = probe.Eeprom.WriteCount - start;

        for (long cut = 0; cut <= writes; cut++)
        {
            Card card = NewCard(out _);
            card.Eeprom.ScheduleTear(cut, 0.5);

            byte[] response = card.Transmit(Hex.Decode("8014000104CAFEBABE"));

            Assert.That(response.Length == 0, Is.EqualTo(cut < writes), $"cut {cut}: mute exactly when the cut lands inside the command");
            Assert.That(card.IsPowered, Is.EqualTo(cut >= writes));
            card.Eeprom.CancelTear();
            card.PowerOn();
            Assert.That(Send(card, Select), Is.EqualTo("9000"));
            string file0 = Send(card, "8030000000")[..8];
            string file1 = Send(card, "8030010000")[..8];
            Assert.That(file0, Is.EqualTo(file1), $"cut {cut}");
            Assert.That(file0, Is.AnyOf("00000000", "CAFEBABE"), $"cut {cut}");
        }
    }

    [Test]
    public void TransientClearOnReset_DeselectThenReset_SurvivesDeselectClearedByReset()
    {
        Card card = NewCard(out _);
        Assert.That(Send(card, "804000000401020304"), Is.EqualTo("9000"));

        Assert.That(Send(card, SelectOther), Is.EqualTo("9000"));
        Assert.That(Send(card, Select), Is.EqualTo("9000"));
        Assert.That(Send(card, "8042000000")[..8], Is.EqualTo("01020304"));

        card.Reset();
        Assert.That(Send(card, Select), Is.EqualTo("9000"));
        Assert.That(Send(card, "8042000000"), Is.EqualTo(Zeros(8) + "9000"));
    }

    [Test]
    public void TransientClearOnDeselect_Deselect_Cleared()
    {
        Card card = NewCard(out _);
        Assert.That(Send(card, "804001000401020304"), Is.EqualTo("9000"));
        Assert.That(Send(card, "8042010000")[..8], Is.EqualTo("01020304"));

        Assert.That(Send(card, SelectOther), Is.EqualTo("9000"));
        Assert.That(Send(card, Select), Is.EqualTo("9000"));

        Assert.That(Send(card, "8042010000"), Is.EqualTo(Zeros(8) + "9000"));
    }

    [Test]
    public void PowerCycle_AfterCommitsAndRamState_KeepsOnlyEepromState()
    {
        Card card = NewCard(out _);
        Assert.That(Send(card, "801000000300ABCD"), Is.EqualTo("9000"));
        Assert.That(Send(card, "804000000401020304"), Is.EqualTo("9000"));
        Assert.That(Send(card, "804001000405060708"), Is.EqualTo("9000"));
        Assert.That(Send(card, "8020000000"), Is.EqualTo("9000"));

        card.PowerOff();
        card.PowerOn();

        Assert.That(Send(card, "8030000000"), Is.EqualTo("6999"), "no applet is selected after power-up");
        Assert.That(Send(card, Select), Is.EqualTo("9000"));
        Assert.That(Send(card, "8030000000")[..4], Is.EqualTo("ABCD"));
        Assert.That(Send(card, "8042000000"), Is.EqualTo(Zeros(8) + "9000"));
        Assert.That(Send(card, "8042010000"), Is.EqualTo(Zeros(8) + "9000"));
        Assert.That(Send(card, "8022000000"), Is.EqualTo("6F00"), "the transaction did not survive: commit has nothing to commit");
    }

    [Test]
    public void StorageStatistics_AfterWrites_CountsWritesAndWear()
    {
        Card card = NewCard(out _);
        StorageStatistics before = card.StorageStatistics;

        Assert.That(Send(card, "8014000104CAFEBABE"), Is.EqualTo("9000"));

        StorageStatistics after = card.StorageStatistics;
        Assert.That(after.Capacity, Is.EqualTo(64 * 1024));
        Assert.That(after.PageCount, Is.EqualTo(1024));
        Assert.That(after.WriteCount, Is.GreaterThan(before.WriteCount));
        Assert.That(after.BytesWritten - before.BytesWritten, Is.GreaterThanOrEqualTo(8));
        Assert.That(after.MaxPageWrites, Is.GreaterThan(before.MaxPageWrites));
        Assert.That(after.TotalPageWrites, Is.GreaterThanOrEqualTo(after.WriteCount));
        Assert.That(card.Eeprom.GetPageWrites(0), Is.GreaterThan(0), "page 0 holds the journal's first entry");
        Assert.That(after.AvailableBytes, Is.EqualTo(before.AvailableBytes));
        Assert.That(after.CommitCapacityAvailable, Is.EqualTo(PersistentMemory.DefaultJournalCapacity - PersistentMemory.JournalEntryOverhead - 1));
    }

    internal static Card NewCard(out StorageTestApplet applet, CardOptions? options = null)
    {
        var card = new Card(options ?? new CardOptions());
        applet = card.Install(StorageTestApplet.AppletAid, c => new StorageTestApplet(c));
        card.Install(OtherTestApplet.AppletAid, c => new OtherTestApplet(c));
        card.PowerOn();
        Assert.That(Send(card, Select), Is.EqualTo("9000"));
        return card;
    }

    internal static string Send(Card card, string command) => Hex.Encode(card.Transmit(Hex.Decode(command)));

    private static string Zeros(int bytes) => new('0', bytes * 2);
}
