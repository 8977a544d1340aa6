using CardOS.Apdu;
using CardOS.Storage;
using FsCheck;
using FsCheck.Fluent;

namespace CardOS.Tests.Storage;

/// <summary>
/// The journal at the limits the tearing property's small scripts never reach: transactions of more than 256 entries,
/// atomic writes above 65,535 bytes (several entries), and journals with corrupted bytes at power-up.
/// </summary>
public class JournalLimitProperties
{
    private static readonly Aid Owner = Aid.Parse("F0000000DD");

    [FsCheck.NUnit.Property(MaxTest = 25, QuietOnSuccess = true)]
    public Property LongTransaction_CutAnywhere_AllOrNothing() =>
        Prop.ForAll(
            (from entries in Gen.Choose(200, 420)
             from seed in Gen.Choose(0, int.MaxValue)
             from cutShare in Gen.Choose(0, 999)
             from fraction in Gen.Elements(0.0, 0.5, 0.99)
             select (entries, seed, cutShare, fraction)).ToArbitrary(),
            input =>
            {
                (int entries, int seed, int cutShare, double fraction) = input;
                var random = new Random(seed);
                byte[][] writes = [.. Enumerable.Range(0, entries).Select(_ => new byte[] { (byte)random.Next(256) })];
                int[] offsets = [.. Enumerable.Range(0, entries).Select(_ => random.Next(512))];

                long total = RunTransaction(writes, offsets, cut: -1, fraction, out _, out _);
                long cut = total * cutShare / 1000;
                RunTransaction(writes, offsets, cut, fraction, out byte[] before, out byte[] after);
                Assert.That(after, Is.EqualTo(before), $"{entries} entries, cut at write {cut} of {total}: the uncommitted transaction is undone whole");
            });

    [FsCheck.NUnit.Property(MaxTest = 8, QuietOnSuccess = true)]
    public Property HugeAtomicWrite_CutAnywhere_AllOrNothing() =>
        Prop.ForAll(
            (from length in Gen.Choose(65_536, 200_000)
             from cutShare in Gen.Choose(0, 999)
             from fraction in Gen.Elements(0.0, 0.5, 0.99)
             select (length, cutShare, fraction)).ToArbitrary(),
            input =>
            {
                (int length, int cutShare, double fraction) = input;
                var eeprom = new Eeprom(1024 * 1024);
                var memory = PersistentMemory.OpenOrFormat(eeprom, 256 * 1024);
                var file = new PersistentArray(memory, memory.Allocate(Owner, 1, length), length);
                byte[] old = [.. Enumerable.Range(0, length).Select(i => (byte)(i * 7))];
                byte[] fresh = [.. Enumerable.Range(0, length).Select(i => (byte)(i * 11 + 1))];
                file.Write(0, old);
                long start = eeprom.WriteCount;
                file.Write(0, fresh);
                long total = eeprom.WriteCount - start;
                file.Write(0, old);

                long at = total * cutShare / 1000;
                var cut = ScheduledCut.At(eeprom, at, fraction);
                Assert.Throws<PowerLossException>(() => file.Write(0, fresh));
                Assert.That(cut.Settle($"{length} bytes, cut at write {at} of {total}"), Is.True);
                memory.PowerUp();
                byte[] now = file.Span.ToArray();
                Assert.That(now.AsSpan().SequenceEqual(old) || now.AsSpan().SequenceEqual(fresh), Is.True, $"{length} bytes, cut at write {at}: all or nothing");
            });

    [FsCheck.NUnit.Property(MaxTest = 200, QuietOnSuccess = true)]
    public Property CorruptedJournal_PowerUp_NeverThrowsAndOnlyRestoresOldBytes() =>
        Prop.ForAll(
            (from count in Gen.Choose(1, 12)
             from seed in Gen.Choose(0, int.MaxValue)
             from flips in Gen.Choose(1, 4)
             select (count, seed, flips)).ToArbitrary(),
            input =>
            {
                (int count, int seed, int flips) = input;
                var random = new Random(seed);
                var eeprom = new Eeprom(Eeprom.MinCapacity);
                var memory = PersistentMemory.OpenOrFormat(eeprom, 512);
                int address = memory.Allocate(Owner, 1, 64);
                var file = new PersistentArray(memory, address, 64);
                byte[] before = new byte[64];
                random.NextBytes(before);
                file.Write(0, before);

                // An open transaction's journal, as a power cut would leave it; then bytes of it corrupted.
                memory.BeginTransaction();
                byte[] after = (byte[])before.Clone();
                int used = 0;
                for (int i = 0; i < count; i++)
                {
                    int offset = random.Next(60);
                    byte[] data = new byte[random.Next(1, 5)];
                    random.NextBytes(data);
                    file.Write(offset, data);
                    data.CopyTo(after, offset);
                    used += PersistentMemory.JournalEntryOverhead + data.Length;
                }

                byte[] image = eeprom.Read(0, eeprom.Capacity).ToArray();
                for (int i = 0; i < flips; i++)
                {
                    int at = 16 + random.Next(used);
                    eeprom.Write(at, [(byte)(eeprom.Read(at, 1)[0] ^ (1 << random.Next(8)))]);
                }

                Assert.DoesNotThrow(memory.PowerUp, $"seed {seed}");
                byte[] now = file.Span.ToArray();
                for (int b = 0; b < now.Length; b++)
                    Assert.That(now[b], Is.EqualTo(before[b]).Or.EqualTo(after[b]), $"seed {seed}: byte {b} is neither before nor after");
                // Nothing changed outside the journal and the file: not the header, not the heap around the file.
                byte[] imageNow = eeprom.Read(0, eeprom.Capacity).ToArray();
                Array.Copy(image, 16, imageNow, 16, 512);
                Array.Copy(image, address, imageNow, address, 64);
                Assert.That(imageNow, Is.EqualTo(image), $"seed {seed}: nothing outside the journal and the file changed");
            });

    /// <summary>A transaction of one-byte writes cut at <paramref name="cut"/> (none if negative); returns the writes it took.</summary>
    private static long RunTransaction(byte[][] writes, int[] offsets, long cut, double fraction, out byte[] before, out byte[] after)
    {
        var eeprom = new Eeprom(16 * 1024);
        var memory = PersistentMemory.OpenOrFormat(eeprom, 8 * 1024);
        var file = new PersistentArray(memory, memory.Allocate(Owner, 1, 512), 512);
        file.Fill(0, 512, 0x5A);
        before = file.Span.ToArray();
        long start = eeprom.WriteCount;
        ScheduledCut? scheduled = cut >= 0 ? ScheduledCut.At(eeprom, cut, fraction) : null;
        try
        {
            memory.BeginTransaction();
            for (int i = 0; i < writes.Length; i++)
                file.Write(offsets[i], writes[i]);
            if (cut >= 0)
                Assert.That(scheduled!.Settle($"cut {cut}"), Is.True, "the cut lies inside the transaction");
        }
        catch (PowerLossException)
        {
            Assert.That(scheduled!.Settle($"cut {cut}"), Is.True);
        }

        long taken = eeprom.WriteCount - start;
        memory.PowerUp();
        after = file.Span.ToArray();
        return taken;
    }
}
