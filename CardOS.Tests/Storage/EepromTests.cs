using CardOS.Storage;

namespace CardOS.Tests.Storage;

public class EepromTests
{
    [Test]
    public void Write_ZerosPastTheBackedEnd_CountAsWritesButTakeNoBacking()
    {
        var eeprom = new Eeprom(64 * 1024);
        eeprom.Write(0, [1, 2, 3]);
        int backed = eeprom.BackedBytes;

        eeprom.Write(32 * 1024, new byte[2048]);

        Assert.That(eeprom.BackedBytes, Is.EqualTo(backed), "zeros past the backed end change nothing a reader sees");
        Assert.That(eeprom.WriteCount, Is.EqualTo(2));
        Assert.That(eeprom.BytesWritten, Is.EqualTo(3 + 2048));
        Assert.That(eeprom.GetPageWrites(32 * 1024 / Eeprom.PageSize), Is.EqualTo(1), "the pages still wear");
        Assert.That(eeprom.GetPageWrites((34 * 1024 / Eeprom.PageSize) - 1), Is.EqualTo(1));
        Assert.That(eeprom.Read(32 * 1024, 2048).ToArray(), Is.All.Zero);
        Assert.That(eeprom.BackedBytes, Is.EqualTo(backed), "reading unbacked bytes backs nothing");
    }

    [Test]
    public void Write_NonZeroByteAfterZeros_BacksUpToThatByteAndReadsBackExactly()
    {
        var eeprom = new Eeprom(64 * 1024);
        byte[] data = new byte[1000];
        data[700] = 0xA5;

        eeprom.Write(10_000, data);

        Assert.That(eeprom.BackedBytes, Is.GreaterThanOrEqualTo(10_701).And.LessThan(10_701 + 2048));
        Assert.That(eeprom.Read(10_000, 1000).ToArray(), Is.EqualTo(data));
        Assert.That(eeprom.Read(0, 10_000).ToArray(), Is.All.Zero);
    }

    [Test]
    public void Write_OverBackedBytesWithZeros_ClearsThem()
    {
        var eeprom = new Eeprom(Eeprom.MinCapacity);
        eeprom.Write(100, [9, 9, 9, 9]);

        eeprom.Write(98, new byte[8]);

        Assert.That(eeprom.Read(96, 12).ToArray(), Is.All.Zero);
    }

    [Test]
    public void Write_TornPastTheBackedEnd_KeepsThePrefixOnly()
    {
        var eeprom = new Eeprom(Eeprom.MinCapacity);
        eeprom.ScheduleTear(0, 0.5);

        Assert.Throws<PowerLossException>(() => eeprom.Write(2000, [1, 2, 3, 4, 5, 6, 7, 8]));
        eeprom.PowerUp();

        Assert.That(eeprom.Read(2000, 8).ToArray(), Is.EqualTo(new byte[] { 1, 2, 3, 4, 0, 0, 0, 0 }));
    }

    [Test]
    public void Image_OfASparselyWrittenEeprom_IsTheWholeCapacityWithZerosWhereNothingWasWritten()
    {
        var eeprom = new Eeprom(Eeprom.MinCapacity);
        eeprom.Write(Eeprom.MinCapacity - 1, [0x42]);
        eeprom.Write(0, new byte[16]);

        Assert.That(eeprom.Image.Length, Is.EqualTo(Eeprom.MinCapacity));
        Assert.That(eeprom.Image[^1], Is.EqualTo(0x42));
        Assert.That(eeprom.PageWriteCounts.Length, Is.EqualTo(eeprom.PageCount));
        Assert.That(eeprom.PageWriteCounts[0], Is.EqualTo(1u));
    }
}
