using System.Buffers.Binary;
using CardOS.Apdu;
using CardOS.Storage;

namespace CardOS.Tests.Storage;

/// <summary>
/// The storage layer's guards at their limits: the journal's room to the last byte, power-up recovery of entries that
/// are damaged, out of range or more than 256, a power cut inside recovery, entries above 65,535 bytes, a bad system
/// header, and an EEPROM without power. Each test names the check it would catch breaking.
/// </summary>
public class JournalRecoveryTests
{
    private const int JournalStart = 16;
    private const int EntryOverhead = PersistentMemory.JournalEntryOverhead;
    private const byte Marker = 0xA5;
    private static readonly Aid Owner = Aid.Parse("F0000000CC");

    [Test]
    public void Write_AfterPowerCut_ThrowsAndLandsNothing()
    {
        var eeprom = new Eeprom(Eeprom.MinCapacity);
        eeprom.Write(100, [1, 2, 3, 4]);
        eeprom.ScheduleTear(0, 0);
        Assert.Throws<PowerLossException>(() => eeprom.Write(200, [9]));
        Assert.That(eeprom.IsPowered, Is.False, "the scheduled cut fired");

        long writes = eeprom.WriteCount;
        var e = Assert.Throws<PowerLossException>(() => eeprom.Write(100, [5, 6, 7, 8]));
        Assert.That(e!.Message, Does.Contain("no power"));
        Assert.Throws<PowerLossException>(() => eeprom.Read(100, 4));
        Assert.That(eeprom.WriteCount, Is.EqualTo(writes), "a refused write is not a write");

        eeprom.PowerUp();
        Assert.That(eeprom.Read(100, 4).ToArray(), Is.EqualTo(new byte[] { 1, 2, 3, 4 }));
        Assert.That(eeprom.Read(200, 1)[0], Is.Zero, "the torn write landed none of its one byte");
    }

    [Test]
    public void WriteAtomic_JournalFullToTheLastByte_OneMoreByteRefusedWith6A84()
    {
        var eeprom = new Eeprom(Eeprom.MinCapacity);
        var memory = PersistentMemory.OpenOrFormat(eeprom, PersistentMemory.MinJournalCapacity);
        var file = new PersistentArray(memory, memory.Allocate(Owner, 1, 128), 128);
        int room = memory.CommitCapacityAvailable;
        Assert.That(room, Is.EqualTo(PersistentMemory.MinJournalCapacity - EntryOverhead - 1), "the entry plus the terminator behind it");

        byte[] tooMuch = Enumerable.Repeat((byte)0x77, room + 1).ToArray();
        var refused = Assert.Throws<IsoException>(() => file.Write(0, tooMuch));
        Assert.That(refused!.StatusWord, Is.EqualTo(StatusWord.NotEnoughMemory));
        Assert.That(file.Span.IndexOfAnyExcept((byte)0), Is.EqualTo(-1), "nothing written");

        byte[] exact = Enumerable.Repeat((byte)0x66, room).ToArray();
        file.Write(0, exact);
        Assert.That(file.Slice(0, room).ToArray(), Is.EqualTo(exact));

        // Inside a transaction the room is shared: what the first write used is gone for the second.
        memory.BeginTransaction();
        file.Write(0, [1, 2, 3, 4]);
        int left = memory.CommitCapacityAvailable;
        Assert.That(left, Is.EqualTo(room - 4 - EntryOverhead));
        Assert.Throws<IsoException>(() => file.Write(8, new byte[left + 1]));
        file.Write(8, Enumerable.Repeat((byte)0x55, left).ToArray());
        memory.AbortTransaction();
        Assert.That(file.Slice(0, room).ToArray(), Is.EqualTo(exact), "the abort undid both writes");
    }

    [Test]
    public void PowerUp_ValidEntry_IsUndone()
    {
        // The crafted entries below are refused for one reason each; this one, well-formed, shows the format is right.
        (Eeprom eeprom, PersistentMemory memory) = Fresh();
        eeprom.Write(3000, [0x11, 0x22]);
        WriteEntry(eeprom, 0, 3000, [0xAA, 0xBB]);
        memory.PowerUp();
        Assert.That(eeprom.Read(3000, 2).ToArray(), Is.EqualTo(new byte[] { 0xAA, 0xBB }));
        Assert.That(eeprom.Read(JournalStart, 1)[0], Is.Zero, "the journal is closed after recovery");
    }

    [TestCase(-1, 2, TestName = "PowerUp_EntryWithNegativeAddress_IsIgnored")]
    [TestCase(Eeprom.MinCapacity - 1, 2, TestName = "PowerUp_EntryRunningPastTheEeprom_IsIgnored")]
    [TestCase(Eeprom.MinCapacity, 1, TestName = "PowerUp_EntryAtTheEepromEnd_IsIgnored")]
    public void PowerUp_EntryOutsideTheEeprom_IsIgnored(int address, int length)
    {
        (Eeprom eeprom, PersistentMemory memory) = Fresh();
        eeprom.Write(3000, [0x42]);
        WriteEntry(eeprom, 0, address, new byte[length]);
        byte[] before = eeprom.Image.ToArray();
        Assert.DoesNotThrow(memory.PowerUp);
        byte[] after = eeprom.Image.ToArray();
        Assert.That(after[JournalStart], Is.Zero, "the journal is closed");
        after[JournalStart] = before[JournalStart];
        Assert.That(after, Is.EqualTo(before), "nothing but the journal's first byte changed");
    }

    [Test]
    public void PowerUp_EntryEndingAtTheLastByte_IsUndone()
    {
        (Eeprom eeprom, PersistentMemory memory) = Fresh();
        eeprom.Write(Eeprom.MinCapacity - 2, [0x11, 0x22]);
        WriteEntry(eeprom, 0, Eeprom.MinCapacity - 2, [0xAA, 0xBB]);
        memory.PowerUp();
        Assert.That(eeprom.Read(Eeprom.MinCapacity - 2, 2).ToArray(), Is.EqualTo(new byte[] { 0xAA, 0xBB }));
    }

    [Test]
    public void PowerUp_NewEntryEndingOnAStaleCommittedEntry_LeavesTheStaleOneDead()
    {
        // Transaction 1 logs A (bytes 0-3) and B (bytes 8-11) and commits; B's entry stays in the journal, valid but for
        // the terminator in front of A. Transaction 2 logs C, as long as A, so C ends exactly where B's stale entry
        // begins. Power is lost before C's commit: recovery must undo C and stop there, never undo B.
        (Eeprom eeprom, PersistentMemory memory) = Fresh();
        var file = new PersistentArray(memory, memory.Allocate(Owner, 1, 16), 16);
        memory.BeginTransaction();
        file.Write(0, [1, 1, 1, 1]);
        file.Write(8, [2, 2, 2, 2]);
        memory.CommitTransaction();

        memory.BeginTransaction();
        file.Write(0, [3, 3, 3, 3]);
        memory.PowerUp();
        Assert.That(file.Span.ToArray(), Is.EqualTo(new byte[] { 1, 1, 1, 1, 0, 0, 0, 0, 2, 2, 2, 2, 0, 0, 0, 0 }));
    }

    [Test]
    public void PowerUp_EntryLongerThanTheJournal_IsIgnoredEvenWithAValidCrc()
    {
        // The entry's bytes and CRC run on past the journal's end (into memory the journal does not own): valid as a
        // CRC, but not a journal entry. Undoing it would write its "old bytes" over live data at 3000.
        const int Journal = 256;
        var eeprom = new Eeprom(Eeprom.MinCapacity);
        var memory = PersistentMemory.OpenOrFormat(eeprom, Journal);
        eeprom.Write(3000, Enumerable.Repeat((byte)0x42, 300).ToArray());
        int length = Journal - EntryOverhead + 1;
        WriteEntry(eeprom, 0, 3000, Enumerable.Repeat((byte)0x99, length).ToArray());
        memory.PowerUp();
        Assert.That(eeprom.Read(3000, 300).ToArray(), Is.All.EqualTo(0x42));

        // One byte shorter fits exactly and is undone.
        var fitting = new Eeprom(Eeprom.MinCapacity);
        var fittingMemory = PersistentMemory.OpenOrFormat(fitting, Journal);
        WriteEntry(fitting, 0, 3000, Enumerable.Repeat((byte)0x99, length - 1).ToArray());
        fittingMemory.PowerUp();
        Assert.That(fitting.Read(3000, length - 1).ToArray(), Is.All.EqualTo(0x99));
    }

    [Test]
    public void PowerUp_EntryWithBadCrc_IsIgnoredWithEverythingBehindIt()
    {
        (Eeprom eeprom, PersistentMemory memory) = Fresh();
        eeprom.Write(3000, [1, 1, 1, 1]);
        int second = WriteEntry(eeprom, 0, 3000, [2]);
        int third = WriteEntry(eeprom, second, 3001, [3]);
        WriteEntry(eeprom, third, 3002, [4]);
        eeprom.Write(JournalStart + second + 7, [0xFF]); // the second entry's old byte: its CRC no longer matches
        memory.PowerUp();
        Assert.That(eeprom.Read(3000, 4).ToArray(), Is.EqualTo(new byte[] { 2, 1, 1, 1 }), "only the entry before the damage is undone");
    }

    [Test]
    public void PowerUp_JournalByteCorruptedAnywhere_NeverUndoesWithTheCorruptBytes([Range(0, 2 * (EntryOverhead + 3) - 1)] int offset)
    {
        // Two valid entries; one journal byte flipped. Recovery undoes a prefix of the entries, never a damaged one.
        (Eeprom eeprom, PersistentMemory memory) = Fresh();
        eeprom.Write(3000, [7, 7, 7, 7, 7, 7]);
        int second = WriteEntry(eeprom, 0, 3000, [1, 2, 3]);
        WriteEntry(eeprom, second, 3003, [4, 5, 6]);
        byte corrupted = (byte)(eeprom.Read(JournalStart + offset, 1)[0] ^ 0x10);
        eeprom.Write(JournalStart + offset, [corrupted]);

        Assert.DoesNotThrow(memory.PowerUp);
        byte[] after = eeprom.Read(3000, 6).ToArray();
        byte[] none = [7, 7, 7, 7, 7, 7];
        byte[] firstUndone = [1, 2, 3, 7, 7, 7];
        Assert.That(after, Is.EqualTo(offset < second ? none : firstUndone), $"journal byte {offset} flipped");
    }

    [Test]
    public void PowerUp_TransactionOfMoreThan256Entries_UndoesAllNewestFirst()
    {
        var eeprom = new Eeprom(16 * 1024);
        var memory = PersistentMemory.OpenOrFormat(eeprom, 8 * 1024);
        var file = new PersistentArray(memory, memory.Allocate(Owner, 1, 400), 400);
        byte[] original = Enumerable.Range(0, 400).Select(i => (byte)(i * 3)).ToArray();
        file.Write(0, original);

        memory.BeginTransaction();
        for (int i = 0; i < 400; i++)
            file.Write(i, (byte)(i + 1));
        file.Write(0, 0xEE); // entry 401 covers byte 0 again: only undoing newest first restores the original
        file.Write(399, 0xEE);

        eeprom.ScheduleTear(0, 0); // the power cut comes before the commit
        Assert.Throws<PowerLossException>(() => file.Write(1, 0xEE));
        Assert.That(eeprom.IsPowered, Is.False, "the scheduled cut fired");
        memory.PowerUp();
        Assert.That(file.Span.ToArray(), Is.EqualTo(original));
        Assert.That(memory.InTransaction, Is.False);
    }

    [Test]
    public void PowerUp_CutInsideRecovery_RecoversAtTheNextPowerUp([Range(0, 5)] int cut)
    {
        (Eeprom eeprom, PersistentMemory memory) = Fresh();
        var file = new PersistentArray(memory, memory.Allocate(Owner, 1, 8), 8);
        file.Write(0, [1, 2, 3, 4, 5, 6, 7, 8]);
        memory.BeginTransaction();
        file.Write(0, [9, 9]);
        file.Write(4, [9, 9]);
        file.Write(6, [9, 9]);

        // Recovery writes: three undos and the terminator; a cut on any of them leaves it to the next power-up.
        eeprom.ScheduleTear(cut, 0.5);
        bool cutFired;
        try
        {
            memory.PowerUp();
            cutFired = false;
        }
        catch (PowerLossException)
        {
            cutFired = true;
        }

        Assert.That(cutFired, Is.EqualTo(cut < 4), "recovery takes exactly four writes");
        Assert.That(eeprom.IsPowered, Is.EqualTo(!cutFired));
        eeprom.CancelTear();
        memory.PowerUp();
        Assert.That(file.Span.ToArray(), Is.EqualTo(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }));
    }

    [TestCase(0.0)]
    [TestCase(0.5)]
    [TestCase(0.99)]
    public void PowerUp_AtomicWriteAbove65535Bytes_IsOneUnit(double fraction)
    {
        // 150,000 bytes take three journal entries of at most 65,535 bytes; a cut anywhere leaves all or nothing.
        const int Length = 150_000;
        var eeprom = new Eeprom(1024 * 1024);
        var memory = PersistentMemory.OpenOrFormat(eeprom, 200_000);
        var file = new PersistentArray(memory, memory.Allocate(Owner, 1, Length), Length);
        byte[] old = Enumerable.Range(0, Length).Select(i => (byte)(i % 251)).ToArray();
        byte[] fresh = Enumerable.Range(0, Length).Select(i => (byte)(i % 241)).ToArray();
        file.Write(0, old);

        long start = eeprom.WriteCount;
        file.Write(0, fresh);
        long writes = eeprom.WriteCount - start;
        Assert.That(writes, Is.GreaterThanOrEqualTo(3 * 2), "three entries, each a body and a marker");
        file.Write(0, old);

        for (long cut = 0; cut < writes; cut++)
        {
            eeprom.ScheduleTear(cut, fraction);
            Assert.Throws<PowerLossException>(() => file.Write(0, fresh), $"cut {cut}");
            memory.PowerUp();
            byte[] now = file.Span.ToArray();
            Assert.That(now.AsSpan().SequenceEqual(old) || now.AsSpan().SequenceEqual(fresh), Is.True, $"cut {cut}: all or nothing");
            file.Write(0, old);
        }
    }

    [TestCase(0x12345678u, 1, 4096, 4096 + 16, "no CardOS system header")]
    [TestCase(0x534F4443u, 2, 4096, 4096 + 16, "layout is version 2")]
    [TestCase(0x534F4443u, 1, 63, 4096 + 16, "journal of 63 bytes")]
    [TestCase(0x534F4443u, 1, (16 * 1024) + 64, 4096 + 16, "journal of 16448 bytes")]
    [TestCase(0x534F4443u, 1, 4096, 4096 + 15, "heap top at 4111")]
    [TestCase(0x534F4443u, 1, 4096, (32 * 1024) + 1, "heap top at 32769")]
    public void Constructor_BadSystemHeader_ThrowsAndWritesNothing(uint magic, byte version, int journal, int heapTop, string problem)
    {
        var eeprom = new Eeprom(32 * 1024);
        byte[] header = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(header, magic);
        header[4] = version;
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), journal);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), heapTop);
        eeprom.Write(0, header);
        long writes = eeprom.WriteCount;

        var e = Assert.Throws<InvalidDataException>(() => _ = PersistentMemory.OpenOrFormat(eeprom));
        Assert.That(e!.Message, Does.Contain(problem));
        Assert.That(eeprom.WriteCount, Is.EqualTo(writes), "never reformatted");
    }

    [Test]
    public void Constructor_GoodSystemHeader_KeepsItsOwnJournalCapacity()
    {
        var eeprom = new Eeprom(32 * 1024);
        _ = PersistentMemory.OpenOrFormat(eeprom, 1024);
        Assert.That(PersistentMemory.OpenOrFormat(eeprom, 4096).JournalCapacity, Is.EqualTo(1024));
    }

    private static (Eeprom Eeprom, PersistentMemory Memory) Fresh()
    {
        var eeprom = new Eeprom(Eeprom.MinCapacity);
        return (eeprom, PersistentMemory.OpenOrFormat(eeprom, 512));
    }

    /// <summary>Writes a valid journal entry (marker, address, length, old bytes, CRC-32C) at journal offset <paramref name="position"/>; returns where the next begins.</summary>
    private static int WriteEntry(Eeprom eeprom, int position, int address, byte[] old)
    {
        byte[] entry = new byte[EntryOverhead + old.Length];
        entry[0] = Marker;
        BinaryPrimitives.WriteInt32LittleEndian(entry.AsSpan(1), address);
        BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(5), (ushort)old.Length);
        old.CopyTo(entry, 7);
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(7 + old.Length), Crc32C.Compute(entry.AsSpan(0, 7 + old.Length)));
        eeprom.Write(JournalStart + position, entry);
        return position + entry.Length;
    }
}
