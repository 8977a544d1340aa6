using CardOS.Apdu;
using CardOS.Storage;

namespace CardOS.Tests.Storage;

public class PersistentMemoryTests
{
    private static readonly Aid Owner = Aid.Parse("F000000001");

    [Test]
    public void PowerUp_EntryTornOverStaleEntryOfSameAddress_KeepsCommittedValue([Values(0.0, 0.1, 0.25, 0.5, 0.9)] double fraction)
    {
        // The second write's journal entry lands where the first one's stale copy still lies: cut power at every one of
        // its writes (counted on a run without a cut), each time at the given fraction of the write.
        Prepare(out Eeprom dryEeprom, out _, out PersistentArray dry);
        long start = dryEeprom.WriteCount;
        dry.WriteUInt32(0, 2);
        long writes = dryEeprom.WriteCount - start;
        Assert.That(writes, Is.GreaterThanOrEqualTo(4), "entry body, marker, the data and the commit");

        for (long cut = 0; cut < writes; cut++)
        {
            Prepare(out Eeprom eeprom, out PersistentMemory memory, out PersistentArray counter);
            var scheduled = ScheduledCut.At(eeprom, cut, fraction);
            Assert.Throws<PowerLossException>(() => counter.WriteUInt32(0, 2), $"cut at write {cut}");
            Assert.That(scheduled.Settle($"cut at write {cut}"), Is.True);
            memory.PowerUp();

            // Even a cut on the commit byte itself lands nothing of it (a one-byte write never tears into a value).
            Assert.That(counter.ReadUInt32(0), Is.EqualTo(1u), $"cut at write {cut}");
        }
    }

    private static void Prepare(out Eeprom eeprom, out PersistentMemory memory, out PersistentArray counter)
    {
        eeprom = new Eeprom(Eeprom.MinCapacity);
        memory = PersistentMemory.OpenOrFormat(eeprom, 256);
        counter = new PersistentArray(memory, memory.Allocate(Owner, 1, 4), 4);
        counter.WriteUInt32(0, 1);
    }
}
