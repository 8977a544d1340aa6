using CardOS.Apdu;
using CardOS.Applets.FileSystem;
using CardOS.FileSystem;

namespace CardOS.Tests.FileSystem;

/// <summary>
/// A power cut at any EEPROM write of UPDATE BINARY, UPDATE RECORD or APPEND RECORD leaves the file as it was before
/// the command or as the command left it, never a mix.
/// </summary>
public class FileSystemTearingProperties
{
    private const int MaxWrites = 256;

    [FsCheck.NUnit.Property(MaxTest = 40)]
    public void UpdateBinary_PowerCutAtEveryWrite_LeavesOldOrNewContent(byte[] old, byte offset, byte[] data, byte fraction)
    {
        int start = offset % 24;
        byte[] update = Fit(data, 24 - start);
        AssertAtomic(
            demo => Value(demo).Update(0, Fit(old, 24, exact: true)),
            new CommandApdu(0x00, 0xD6, 0x81, (byte)start, update).ToArray(),
            demo => Value(demo).Content.ToArray(),
            fraction);
    }

    [FsCheck.NUnit.Property(MaxTest = 40)]
    public void UpdateRecord_PowerCutAtEveryWrite_LeavesOldOrNewRecord(byte extraRecords, byte number, byte[] data, byte fraction)
    {
        int count = 1 + (extraRecords % 4);
        int record = 1 + (number % count);
        AssertAtomic(
            demo => AppendContacts(demo, count - 1),
            new CommandApdu(0x00, 0xDC, (byte)record, 0x14, Fit(data, 16, exact: true)).ToArray(),
            demo => Records(Contacts(demo)),
            fraction);
    }

    [FsCheck.NUnit.Property(MaxTest = 40)]
    public void AppendRecord_LinearFixed_PowerCutAtEveryWrite_LeavesOldOrNewRecords(byte extraRecords, byte[] data, byte fraction) =>
        AssertAtomic(
            demo => AppendContacts(demo, extraRecords % 3),
            new CommandApdu(0x00, 0xE2, 0x00, 0x10, Fit(data, 16, exact: true)).ToArray(),
            demo => Records(Contacts(demo)),
            fraction);

    [FsCheck.NUnit.Property(MaxTest = 40)]
    public void AppendRecord_Cyclic_PowerCutAtEveryWrite_LeavesOldOrNewRecords(byte priorRecords, byte[] data, byte fraction) =>
        AssertAtomic(
            demo =>
            {
                // 0 to 11 earlier appends: empty, partly filled, full and wrapped rings.
                for (int i = 0; i < priorRecords % 12; i++)
                    Log(demo).AppendRecord([(byte)i, 1, 2, 3, 4, 5, 6, 7]);
            },
            new CommandApdu(0x00, 0xE2, 0x00, 0x18, Fit(data, 8, exact: true)).ToArray(),
            demo => Records(Log(demo)),
            fraction);

    /// <summary>
    /// Runs the command on fresh cards with a power cut at write 0, 1, 2, ... until one run finishes; every torn run must
    /// leave (after power-up recovery) the snapshot of before the command or of after the finished run.
    /// </summary>
    private static void AssertAtomic(Action<DemoCard> personalise, byte[] command, Func<DemoCard, byte[]> snapshot, byte fraction)
    {
        var torn = new List<(int TearAt, byte[] State)>();
        byte[]? before = null;
        for (int tearAt = 0; tearAt < MaxWrites; tearAt++)
        {
            var demo = new DemoCard();
            personalise(demo);
            demo.Send(DemoCard.SelectDf);
            demo.Send(DemoCard.VerifyPin);
            before ??= snapshot(demo);

            demo.Card.Eeprom.ScheduleTear(tearAt, fraction / 255.0);
            byte[] response = demo.Card.Transmit(command);
            if (demo.Card.Eeprom.IsTearScheduled)
            {
                demo.Card.Eeprom.CancelTear();
                Assert.That(Hex.Encode(response), Is.EqualTo("9000"), $"response to {Hex.Encode(command)}");
                byte[] after = snapshot(demo);
                foreach ((int at, byte[] state) in torn)
                {
                    Assert.That(state.AsSpan().SequenceEqual(before) || state.AsSpan().SequenceEqual(after), Is.True,
                        $"a power cut at write {at} left {Hex.Encode(state)}; before {Hex.Encode(before)}, after {Hex.Encode(after)}");
                }

                return;
            }

            Assert.That(response, Is.Empty);
            demo.PowerUp();
            torn.Add((tearAt, snapshot(demo)));
        }

        Assert.Fail($"The command did not finish within {MaxWrites} EEPROM writes.");
    }

    private static TransparentFile Value(DemoCard demo) =>
        (TransparentFile)demo.Applet.FileSystem.Find(IsoFileSystemApplet.ApplicationDfId, IsoFileSystemApplet.ValueFileId)!;

    private static RecordFile Contacts(DemoCard demo) =>
        (RecordFile)demo.Applet.FileSystem.Find(IsoFileSystemApplet.ApplicationDfId, IsoFileSystemApplet.ContactsFileId)!;

    private static RecordFile Log(DemoCard demo) =>
        (RecordFile)demo.Applet.FileSystem.Find(IsoFileSystemApplet.ApplicationDfId, IsoFileSystemApplet.LogFileId)!;

    private static void AppendContacts(DemoCard demo, int count)
    {
        for (int i = 0; i < count; i++)
            Contacts(demo).AppendRecord(Fit([(byte)(0xA0 + i)], 16, exact: true));
    }

    /// <summary>All records, record 1 first, with the count in front.</summary>
    private static byte[] Records(RecordFile file)
    {
        var all = new List<byte> { (byte)file.RecordCount };
        for (int number = 1; number <= file.RecordCount; number++)
            all.AddRange(file.ReadRecord(number).ToArray());
        return [.. all];
    }

    /// <summary>1 to <paramref name="max"/> bytes from <paramref name="data"/> (exactly <paramref name="max"/> if asked), padded with a counter.</summary>
    private static byte[] Fit(byte[] data, int max, bool exact = false)
    {
        int length = exact ? max : Math.Clamp(data.Length, 1, max);
        byte[] result = new byte[length];
        for (int i = 0; i < length; i++)
            result[i] = i < data.Length ? data[i] : (byte)(0x5A ^ i);
        return result;
    }
}
