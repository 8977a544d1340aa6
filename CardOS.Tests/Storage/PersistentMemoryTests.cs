using CardOS.Apdu;
using CardOS.Storage;

namespace CardOS.Tests.Storage;

public class PersistentMemoryTests
{
    private static readonly Aid Owner = Aid.Parse("F000000001");

    [Test]
    public void PowerUp_EntryTornOverStaleEntryOfSameAddress_KeepsCommittedValue(
        [Values(0, 1, 2, 3, 4)] int cut, [Values(0.1, 0.25, 0.5, 0.9)] double fraction)
    {
        var eeprom = new Eeprom(Eeprom.MinCapacity);
        var memory = new PersistentMemory(eeprom, 256);
        var counter = new PersistentArray(memory, memory.Allocate(Owner, 1, 4), 4);
        counter.WriteUInt32(0, 1);

        // The second write's journal entry lands where the first one's stale copy still lies: cut power anywhere in it.
        eeprom.ScheduleTear(cut, fraction);
        bool completed = true;
        try
        {
            counter.WriteUInt32(0, 2);
        }
        catch (PowerLossException)
        {
            completed = false;
        }

        eeprom.CancelTear();
        memory.PowerUp();

        Assert.That(counter.ReadUInt32(0), completed ? Is.EqualTo(2u) : Is.EqualTo(1u));
    }
}
