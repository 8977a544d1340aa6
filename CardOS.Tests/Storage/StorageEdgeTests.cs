using System.Buffers.Binary;
using CardOS.Apdu;
using CardOS.Storage;

namespace CardOS.Tests.Storage;

/// <summary>The storage API's refusals of programming mistakes and its edge cases: each throws before anything is written.</summary>
public class StorageEdgeTests
{
    private static readonly Aid Owner = Aid.Parse("F0000000EE");

    [TestCase(Eeprom.MinCapacity - Eeprom.PageSize)]
    [TestCase(Eeprom.MaxCapacity + Eeprom.PageSize)]
    [TestCase(Eeprom.MinCapacity + 1)]
    public void Eeprom_CapacityOutOfRange_Throws(int capacity) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Eeprom(capacity));

    [Test]
    public void Eeprom_PageWriteCountsOfAnotherSize_Throws() =>
        Assert.Throws<ArgumentException>(() => _ = new Eeprom(new byte[Eeprom.MinCapacity], new uint[3]));

    [TestCase(-1L, 0.5)]
    [TestCase(0L, -0.01)]
    [TestCase(0L, 1.01)]
    [TestCase(0L, double.NaN)]
    public void ScheduleTear_BadArguments_ThrowAndScheduleNothing(long writes, double fraction)
    {
        var eeprom = new Eeprom(Eeprom.MinCapacity);
        Assert.Throws<ArgumentOutOfRangeException>(() => eeprom.ScheduleTear(writes, fraction));
        Assert.That(eeprom.IsTearScheduled, Is.False);
    }

    [TestCase(-1, 1)]
    [TestCase(0, -1)]
    [TestCase(Eeprom.MinCapacity - 1, 2)]
    [TestCase(int.MaxValue, 1)]
    public void ReadAndWrite_OutsideTheEeprom_Throw(int offset, int length)
    {
        var eeprom = new Eeprom(Eeprom.MinCapacity);
        Assert.Throws<ArgumentOutOfRangeException>(() => eeprom.Read(offset, length));
        if (length >= 0)
            Assert.Throws<ArgumentOutOfRangeException>(() => eeprom.Write(offset, new byte[length]));
        Assert.That(eeprom.WriteCount, Is.Zero);
    }

    [Test]
    public void Write_Empty_IsNoWrite()
    {
        var eeprom = new Eeprom(Eeprom.MinCapacity);
        eeprom.Write(10, []);
        Assert.That((eeprom.WriteCount, eeprom.HasDirtyPages), Is.EqualTo((0L, false)));
    }

    [Test]
    public void PageWrites_UnwrittenPageBeyondTheBackedEnd_IsZero_AndPagesOutsideThrow()
    {
        var eeprom = new Eeprom(Eeprom.MaxCapacity);
        eeprom.Write(0, [1]);
        Assert.That(eeprom.GetPageWrites(0), Is.EqualTo(1));
        Assert.That(eeprom.GetPageWrites(eeprom.PageCount - 1), Is.Zero);
        Assert.Throws<ArgumentOutOfRangeException>(() => eeprom.GetPageWrites(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => eeprom.GetPageWrites(eeprom.PageCount));
    }

    [Test]
    public void DirtyPages_NoneWritten_NoneReported()
    {
        var eeprom = new Eeprom(Eeprom.MinCapacity);
        Assert.That(eeprom.NextDirtyPage(0), Is.EqualTo(-1));
        eeprom.ClearDirtyPages();
        eeprom.Write(Eeprom.PageSize * 3, [1]);
        Assert.That(eeprom.NextDirtyPage(0), Is.EqualTo(3));
        Assert.That(eeprom.NextDirtyPage(4), Is.EqualTo(-1));
        eeprom.ClearDirtyPages();
        Assert.That(eeprom.NextDirtyPage(0), Is.EqualTo(-1));
    }

    [TestCase(PersistentMemory.MinJournalCapacity - 1)]
    [TestCase((Eeprom.MinCapacity / 2) + 1)]
    public void Format_JournalOutOfRange_ThrowsAndWritesNothing(int journal)
    {
        var eeprom = new Eeprom(Eeprom.MinCapacity);
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = PersistentMemory.OpenOrFormat(eeprom, journal));
        Assert.That(eeprom.WriteCount, Is.Zero);
    }

    [Test]
    public void Format_VersionZeroWithBytesPastTheHeader_IsRefusedAndWritesNothing()
    {
        // A format cut short leaves a prefix of the header over zeros; version 0 with bytes written past the header is a
        // used card whose header was damaged, never blank: formatting it would destroy what it holds.
        var eeprom = new Eeprom(Eeprom.MinCapacity);
        eeprom.Write(16, [0xA5, 1, 2, 3]);
        long writes = eeprom.WriteCount;

        var refused = Assert.Throws<InvalidDataException>(() => PersistentMemory.Format(eeprom, 256));
        Assert.That(refused!.Message, Does.Contain("byte 0x10 is written"));
        Assert.That(eeprom.WriteCount, Is.EqualTo(writes), "nothing was written");
        Assert.That(eeprom.Read(16, 4).ToArray(), Is.EqualTo(new byte[] { 0xA5, 1, 2, 3 }));
    }

    [Test]
    public void Transactions_MisusedByTheCaller_Throw()
    {
        var memory = PersistentMemory.OpenOrFormat(new Eeprom(Eeprom.MinCapacity), 256);
        Assert.Throws<InvalidOperationException>(memory.CommitTransaction);
        Assert.Throws<InvalidOperationException>(memory.AbortTransaction);
        Assert.DoesNotThrow(memory.AbortOpenTransaction);
        memory.BeginTransaction();
        Assert.Throws<InvalidOperationException>(memory.BeginTransaction, "transactions do not nest");
        Assert.Throws<InvalidOperationException>(() => memory.Allocate(Owner, 1, 8), "objects are allocated outside transactions");
        memory.AbortOpenTransaction();
        Assert.That(memory.InTransaction, Is.False);
    }

    [Test]
    public void WriteAtomic_Empty_WritesNothing()
    {
        var eeprom = new Eeprom(Eeprom.MinCapacity);
        var memory = PersistentMemory.OpenOrFormat(eeprom, 256);
        var file = new PersistentArray(memory, memory.Allocate(Owner, 1, 8), 8);
        long writes = eeprom.WriteCount;
        file.Write(0, []);
        Assert.That(eeprom.WriteCount, Is.EqualTo(writes));
    }

    [TestCase(-1, 1)]
    [TestCase(0, -1)]
    [TestCase(7, 2)]
    [TestCase(9, 0)]
    public void PersistentArray_RangeOutside_Throws(int offset, int length)
    {
        var memory = PersistentMemory.OpenOrFormat(new Eeprom(Eeprom.MinCapacity), 256);
        var file = new PersistentArray(memory, memory.Allocate(Owner, 1, 8), 8);
        Assert.Throws<ArgumentOutOfRangeException>(() => file.Slice(offset, length));
    }

    [TestCase(Eeprom.MinCapacity - Eeprom.PageSize)]
    [TestCase(Eeprom.MaxCapacity + Eeprom.PageSize)]
    [TestCase(Eeprom.MinCapacity + 1)]
    public void ImageCreate_CapacityOutOfRange_ThrowsAndCreatesNothing(int capacity)
    {
        string path = Path.Combine(Path.GetTempPath(), "cardos-edge-" + Guid.NewGuid().ToString("N") + ".img");
        Assert.Throws<ArgumentOutOfRangeException>(() => CardImageFile.Create(path, capacity));
        Assert.That(File.Exists(path), Is.False);
    }

    [Test]
    public void Image_WriteThrough_FlushesAndReopens_DisposeTwiceIsHarmless()
    {
        string directory = Path.Combine(Path.GetTempPath(), "cardos-edge-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            string path = Path.Combine(directory, "card.img");
            CardImageFile image = CardImageFile.Create(path, Eeprom.MinCapacity, ImageDurability.WriteThrough);
            Assert.That(image.Durability, Is.EqualTo(ImageDurability.WriteThrough));
            image.Eeprom.Write(100, [7, 8, 9]);
            image.Flush();
            image.Eeprom.Write(200, [1]);
            image.Dispose();
            image.Dispose();
            Assert.Throws<ObjectDisposedException>(image.Flush);

            using CardImageFile reopened = CardImageFile.Open(path, ImageDurability.WriteThrough);
            Assert.That(reopened.Eeprom.Read(100, 3).ToArray(), Is.EqualTo(new byte[] { 7, 8, 9 }));
            Assert.That(reopened.Eeprom.Read(200, 1)[0], Is.EqualTo(1));
            Assert.That(reopened.Sequence, Is.EqualTo(2));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestCase(12, 32, "page size 32, expected 64")]
    [TestCase(16, 1000, "capacity 1000 is not a multiple of 64 between 4096 and 16777216")]
    [TestCase(16, 2048, "capacity 2048 is not a multiple of 64 between 4096 and 16777216")]
    [TestCase(16, 32 * 1024 * 1024, "capacity 33554432 is not a multiple of 64 between 4096 and 16777216")]
    public void ImageOpen_HeaderFieldOutOfRangeWithValidCrc_Refused(int offset, int value, string problem)
    {
        string directory = Path.Combine(Path.GetTempPath(), "cardos-edge-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            string path = Path.Combine(directory, "card.img");
            CardImageFile.Create(path, Eeprom.MinCapacity).Dispose();
            byte[] bytes = File.ReadAllBytes(path);
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(offset), value);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(CardImageFile.HeaderSize - 4), Crc32C.Compute(bytes.AsSpan(0, CardImageFile.HeaderSize - 4)));
            File.WriteAllBytes(path, bytes);

            var e = Assert.Throws<CardImageException>(() => CardImageFile.Open(path));
            Assert.That(e!.Problem, Is.EqualTo(problem));
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(bytes));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
