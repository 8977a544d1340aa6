using CardOS.Storage;

namespace CardOS.Tests.Storage;

/// <summary>
/// A power cut scheduled for a test, which must account for it afterwards: either the cut fired (the EEPROM lost power
/// on the scheduled write), or the operation took no more writes than the cut was scheduled after, so it could not
/// fire. A test that accepts both outcomes of a torn operation checks which one it got through <see cref="Settle"/>.
/// </summary>
internal sealed class ScheduledCut
{
    private readonly Eeprom _eeprom;
    private readonly long _start;
    private readonly long _at;

    private ScheduledCut(Eeprom eeprom, long at, double fraction)
    {
        _eeprom = eeprom;
        _at = at;
        _start = eeprom.WriteCount;
        eeprom.ScheduleTear(at, fraction);
    }

    /// <summary>Schedules a cut at write <paramref name="writesFromNow"/> from now.</summary>
    public static ScheduledCut At(Eeprom eeprom, long writesFromNow, double fraction = 0.5) => new(eeprom, writesFromNow, fraction);

    /// <summary>
    /// Cancels the cut if it is still pending and returns whether it fired; fails the test when it did not fire although
    /// the operation took more writes than the cut was scheduled after, or when it fired on fewer.
    /// </summary>
    public bool Settle(string where)
    {
        bool fired = !_eeprom.IsTearScheduled;
        long writes = _eeprom.WriteCount - _start;
        _eeprom.CancelTear();
        if (fired)
            Assert.That(writes, Is.GreaterThan(_at), $"{where}: the cut at write {_at} fired after only {writes} writes");
        else
            Assert.That(writes, Is.LessThanOrEqualTo(_at), $"{where}: the cut at write {_at} never fired in {writes} writes");
        return fired;
    }
}
