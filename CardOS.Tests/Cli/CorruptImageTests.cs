using System.Buffers.Binary;
using CardOS.Cli.Commands;
using CardOS.Storage;
using CardOS.Tests.Reader.EndToEnd;

namespace CardOS.Tests.Cli;

/// <summary>
/// A bank card image damaged in 240-odd ways: bit flips in the header, page table and data area, truncations and
/// extensions, headers, write-ahead records and EEPROM layouts crafted with valid checksums and nonsense inside. For each,
/// <c>cardos inspect</c> (and <c>script --image</c>, <c>serve --image</c> on a subset) answers exit 2 with exactly one
/// line naming the file, and leaves every byte of it as it was.
/// </summary>
[Parallelizable(ParallelScope.Children)]
public class CorruptImageTests
{
    private const int Capacity = 64 * 1024;
    private const int Pages = Capacity / 64;
    private const int DataOffset = 64 + (Pages * 8);
    private const int RecordOffset = DataOffset + Capacity;
    private const int HeapStart = 16 + 4096;

    private static byte[] s_pristine = [];
    private static string s_directory = "";

    [OneTimeSetUp]
    public static void IssueTheCard()
    {
        s_directory = Directory.CreateTempSubdirectory("cardos-corrupt-").FullName;
        string path = Path.Combine(s_directory, "pristine.img");
        Assert.That(IssueCommand.Run(new IssueCommand.IssueSettings("bank-user", path), TextWriter.Null, TextWriter.Null), Is.Zero);
        s_pristine = File.ReadAllBytes(path);
        Assert.That(s_pristine, Has.Length.EqualTo(CardImageFile.GetFileLength(Capacity)));
        Assert.That(RecordPages(s_pristine), Is.Not.Empty, "the last flush's write-ahead record is in the file");
    }

    [OneTimeTearDown]
    public static void RemoveTheImages() => Directory.Delete(s_directory, recursive: true);

    public static IEnumerable<TestCaseData> Corruptions()
    {
        int index = 0;
        foreach ((string name, Func<byte[], byte[]> damage) in All())
            yield return new TestCaseData(index++, damage).SetName($"{{m}}({index:D3} {name})");
    }

    /// <summary>The subset run through script and serve as well: every fourth case, which crosses every kind.</summary>
    public static IEnumerable<TestCaseData> Subset() => Corruptions().Where((_, i) => i % 4 == 0);

    [Test]
    public void Cases_AtLeastTwoHundred() => Assert.That(All().Count(), Is.GreaterThanOrEqualTo(200));

    [TestCaseSource(nameof(Corruptions))]
    public void Inspect_CorruptImage_ExitsTwoWithOneLineAndChangesNothing(int index, Func<byte[], byte[]> damage)
    {
        (string path, byte[] bytes) = Write(index, "inspect", damage);
        var output = new StringWriter();
        var error = new StringWriter();

        int exit = InspectCommand.Run(path, output, error);

        AssertRefused(exit, output.ToString(), error.ToString(), "cardos inspect: ", path, bytes);
    }

    [TestCaseSource(nameof(Subset))]
    public void Script_CorruptImage_ExitsTwoWithOneLineAndChangesNothing(int index, Func<byte[], byte[]> damage)
    {
        (string path, byte[] bytes) = Write(index, "script", damage);
        string script = Path.Combine(s_directory, $"{index}.apdu");
        File.WriteAllText(script, "powerup;\napdu 00A4040007F0000668579001;\nexpect 6109;\n");
        var output = new StringWriter();
        var error = new StringWriter();

        int exit = ScriptCommand.Run(script, "bank-user", path, null, TextWriter.Null, output, error);

        AssertRefused(exit, output.ToString(), error.ToString(), "cardos script: ", path, bytes);
    }

    [TestCaseSource(nameof(Subset))]
    public async Task Serve_CorruptImage_ExitsTwoWithOneLineAndChangesNothing(int index, Func<byte[], byte[]> damage)
    {
        (string path, byte[] bytes) = Write(index, "serve", damage);
        var output = new StringWriter();
        var error = new StringWriter();

        // Cancelled from the start: a serve that wrongly accepted the image stops at once (exit 0) instead of linking.
        int exit = await ServeCommand.RunAsync(new ServeSettings(["bank-user"], [path], 35999, "127.0.0.1", false, null), TextReader.Null, output, error, new CancellationToken(canceled: true));

        Assert.That(exit, Is.EqualTo(2), error.ToString());
        AssertOneLine(error.ToString(), "cardos serve: ", path);
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(bytes), "the image is unchanged");
    }

    [TestCase("inspect", 3)]
    [TestCase("inspect", 200)]
    [TestCase("inspect", 230)]
    [TestCase("script", 3)]
    [TestCase("serve", 230)]
    public void RealProcess_CorruptImage_ExitsTwoWithOneLineAndChangesNothing(string command, int index)
    {
        (string path, byte[] bytes) = Write(index, "process-" + command, All().ElementAt(index).Damage);
        string script = Path.Combine(s_directory, $"process-{index}.apdu");
        File.WriteAllText(script, "powerup;\napdu 00A4040007F0000668579001;\nexpect 9000;\n");
        string[] arguments = command switch
        {
            "inspect" => ["inspect", path],
            "script" => ["script", "--card", "bank-user", "--image", path, script],
            _ => ["serve", "--card", "bank-user", "--image", path, "--port", "35999"],
        };

        ProcessResult result = ProcessRunner.Run(
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [Path.Combine(TestContext.CurrentContext.TestDirectory, "CardOS.Cli.dll"), .. arguments],
            TimeSpan.FromSeconds(60),
            input: "quit\n");

        Assert.That(result.TimedOut, Is.False);
        Assert.That(result.ExitCode, Is.EqualTo(2), result.StandardError);
        AssertOneLine(result.StandardError, $"cardos {command}: ", path);
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(bytes), "the image is unchanged");
    }

    private static void AssertRefused(int exit, string output, string error, string prefix, string path, byte[] bytes)
    {
        Assert.That(exit, Is.EqualTo(2), error + output);
        AssertOneLine(error, prefix, path);
        Assert.That(output, Does.Not.Contain("passed"), "nothing ran");
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(bytes), "the image is unchanged");
    }

    private static void AssertOneLine(string error, string prefix, string path)
    {
        string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), error);
        Assert.That(lines[0], Does.StartWith(prefix + $"Card image '{path}': "));
        Assert.That(lines[0], Does.Not.Contain("Exception"));
    }

    private static (string Path, byte[] Bytes) Write(int index, string command, Func<byte[], byte[]> damage)
    {
        string path = Path.Combine(s_directory, $"{command}-{index:D3}.img");
        byte[] bytes = damage(s_pristine.ToArray());
        File.WriteAllBytes(path, bytes);
        return (path, bytes);
    }

    private static IEnumerable<(string Name, Func<byte[], byte[]> Damage)> All()
    {
        // Bit flips: every header byte; page-table entries and data pages spread over the image, outside the pages of
        // the last write-ahead record (opening redoes those, which repairs a flip there, as it should).
        for (int i = 0; i < CardImageFile.HeaderSize; i++)
        {
            int at = i;
            yield return ($"header byte {at} bit {at % 8} flipped", b => Flip(b, at, at % 8));
        }

        for (int i = 0; i < 48; i++)
        {
            int seed = i;
            yield return ($"page-table entry {seed * 37 % Pages} byte {seed % 8} flipped", b => Flip(b, 64 + (PageOutsideRecord(b, seed * 37 % Pages) * 8) + (seed % 8), seed % 8));
        }

        for (int i = 0; i < 60; i++)
        {
            int seed = i;
            yield return ($"data page {seed * 53 % Pages} byte {seed * 13 % 64} flipped", b => Flip(b, DataOffset + (PageOutsideRecord(b, seed * 53 % Pages) * 64) + (seed * 13 % 64), seed % 8));
        }

        // Truncations and extensions.
        foreach (int length in new[] { 0, 1, 4, 8, 12, 63, 64, 65, 8255, DataOffset, 40000, RecordOffset - 1, RecordOffset, 100000, (int)CardImageFile.GetFileLength(Capacity) - 1 })
            yield return ($"truncated to {length} bytes", b => b[..length]);
        foreach (int extra in new[] { 1, 64, 4096 })
            yield return ($"extended by {extra} bytes", b => [.. b, .. new byte[extra]]);

        // File headers with a valid checksum and nonsense inside.
        foreach (int version in new[] { 0, 2, 7, -1 })
            yield return ($"header version {version}", b => Header(b, 8, version));
        foreach (int pageSize in new[] { 0, 32, 128 })
            yield return ($"header page size {pageSize}", b => Header(b, 12, pageSize));
        foreach (int capacity in new[] { 0, 1000, 4096, Capacity + 64, (16 * 1024 * 1024) + 64, -Capacity })
            yield return ($"header capacity {capacity}", b => Header(b, 16, capacity));
        yield return ("header profile length 33", b => HeaderByte(b, 20, 33));
        yield return ("header profile with a control character", b => HeaderByte(b, 22, 0x07));
        yield return ("header profile with a space", b => HeaderByte(b, 22, (byte)' '));
        yield return ("header profile followed by garbage", b => HeaderByte(b, 21 + 15, (byte)'x'));
        yield return ("header reserved byte set", b => HeaderByte(b, 55, 1));

        // Write-ahead records with a valid checksum and impossible contents.
        yield return ("write-ahead record names page 1024", b => Record(b, 1, [(Pages, 0, Page(b, 0))]));
        yield return ("write-ahead record names page -1", b => Record(b, 1, [(-1, 0, Page(b, 0))]));
        yield return ("write-ahead record lists pages out of order", b => Record(b, 1, [(5, 0, Page(b, 5)), (3, 0, Page(b, 3))]));
        yield return ("write-ahead record with sequence 0", b => Record(b, 0, [(3, 0, Page(b, 3))]));
        yield return ("write-ahead record puts a foreign system header in page 0", b => Record(b, 9, [(0, 5, WithBytes(Page(b, 0), 0, [0x11, 0x22, 0x33, 0x44]))]));
        yield return ("write-ahead record puts layout version 7 in page 0", b => Record(b, 9, [(0, 5, WithBytes(Page(b, 0), 4, [7]))]));

        // EEPROM layouts with valid page checksums and nonsense inside: the system header, the object headers, the journal.
        yield return ("system header magic", b => Eeprom(b, 0, [0x11, 0x22, 0x33, 0x44]));
        yield return ("system layout version 7", b => Eeprom(b, 4, [7]));
        yield return ("system layout version 0 over a used card", b => Eeprom(b, 4, [0]));
        yield return ("system header reserved byte", b => Eeprom(b, 5, [1]));
        foreach (int journal in new[] { 0, 63, 40000, -1 })
            yield return ($"journal capacity {journal}", b => Eeprom(b, 8, Int32(journal)));
        yield return ("heap top below the heap", b => Eeprom(b, 12, Int32(100)));
        yield return ("heap top past the EEPROM", b => Eeprom(b, 12, Int32(Capacity + 8)));
        yield return ("heap top off a block boundary", b => Eeprom(b, 12, Int32(Top(b) + 4)));
        yield return ("heap top over an empty block", b => Eeprom(b, 12, Int32(Top(b) + 32)));
        yield return ("heap top int.MaxValue", b => Eeprom(b, 12, Int32(int.MaxValue)));
        yield return ("heap top inside the first object header", b => Eeprom(b, 12, Int32(HeapStart + 8)));
        yield return ("object length -1", b => Eeprom(b, HeapStart, Int32(-1)));
        yield return ("object length int.MaxValue", b => Eeprom(b, HeapStart, Int32(int.MaxValue)));
        yield return ("last object runs past the heap top", b => Eeprom(b, LastBlock(b), Int32(Length(b, LastBlock(b)) + 64)));
        yield return ("object owner AID of 0 bytes", b => Eeprom(b, HeapStart + 6, [0]));
        yield return ("object owner AID of 4 bytes", b => Eeprom(b, HeapStart + 6, [4]));
        yield return ("object owner AID of 17 bytes", b => Eeprom(b, HeapStart + 6, [17]));
        yield return ("object header padding", b => Eeprom(b, HeapStart + 23, [1]));
        yield return ("object one byte longer than the applet's", b => Eeprom(b, HeapStart, Int32(Length(b, HeapStart) + 1)));
        yield return ("journal entry restores the system header", b => Eeprom(b, 16, Entry(0, [0, 0, 0, 0])));
        yield return ("journal entry restores the journal", b => Eeprom(b, 16, Entry(40, [1, 2, 3, 4])));
        yield return ("journal entry restores free heap", b => Eeprom(b, 16, Entry(Top(b) + 64, [1, 2, 3, 4])));
        yield return ("journal entry restores a heap top off a block boundary", b => Eeprom(b, 16, Entry(12, Int32(Top(b) - 4))));
        yield return ("journal entry spans two objects", b => Eeprom(b, 16, Entry(HeapStart + 24 + 8, new byte[32])));
        yield return ("second journal entry restores the system header", b => Eeprom(b, 16, [.. Entry(HeapStart + 24, [9]), .. Entry(4, [1])]));
    }

    private static byte[] Flip(byte[] bytes, int offset, int bit)
    {
        bytes[offset] ^= (byte)(1 << bit);
        return bytes;
    }

    private static HashSet<int> RecordPages(byte[] bytes)
    {
        var pages = new HashSet<int>();
        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(RecordOffset)) != 0x314C4157)
            return pages;
        int count = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(RecordOffset + 4));
        for (int i = 0; i < count; i++)
            pages.Add(BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(RecordOffset + 16 + (i * 72))));
        return pages;
    }

    private static int PageOutsideRecord(byte[] bytes, int page)
    {
        HashSet<int> record = RecordPages(bytes);
        while (record.Contains(page))
            page = (page + 1) % Pages;
        return page;
    }

    private static byte[] Header(byte[] bytes, int offset, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(offset), value);
        return Resign(bytes);
    }

    private static byte[] HeaderByte(byte[] bytes, int offset, byte value)
    {
        bytes[offset] = value;
        return Resign(bytes);
    }

    private static byte[] Resign(byte[] bytes)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(60), Crc32C.Compute(bytes.AsSpan(0, 60)));
        return bytes;
    }

    private static byte[] Page(byte[] bytes, int page) => bytes.AsSpan(DataOffset + (page * 64), 64).ToArray();

    private static byte[] WithBytes(byte[] page, int offset, byte[] data)
    {
        data.CopyTo(page, offset);
        return page;
    }

    private static byte[] Int32(int value)
    {
        byte[] bytes = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        return bytes;
    }

    /// <summary>Replaces the write-ahead record with a whole one (valid CRC) of these pages.</summary>
    private static byte[] Record(byte[] bytes, long sequence, (int Page, uint Writes, byte[] Data)[] pages)
    {
        byte[] record = new byte[16 + (pages.Length * 72) + 4];
        BinaryPrimitives.WriteUInt32LittleEndian(record, 0x314C4157);
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(4), pages.Length);
        BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(8), sequence);
        for (int i = 0; i < pages.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(16 + (i * 72)), pages[i].Page);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(20 + (i * 72)), pages[i].Writes);
            pages[i].Data.CopyTo(record, 24 + (i * 72));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(record.Length - 4), Crc32C.Compute(record.AsSpan(0, record.Length - 4)));
        record.CopyTo(bytes, RecordOffset);
        return bytes;
    }

    /// <summary>Writes <paramref name="data"/> into the EEPROM at <paramref name="address"/> with valid page checksums (and no write-ahead record to undo it).</summary>
    private static byte[] Eeprom(byte[] bytes, int address, byte[] data)
    {
        bytes.AsSpan(RecordOffset, 4).Clear();
        data.CopyTo(bytes, DataOffset + address);
        for (int page = address / 64; page <= (address + data.Length - 1) / 64; page++)
        {
            Span<byte> entry = bytes.AsSpan(64 + (page * 8), 8);
            uint crc = Crc32C.Compute(entry.Slice(4, 4), Crc32C.Compute(bytes.AsSpan(DataOffset + (page * 64), 64), (uint)page));
            BinaryPrimitives.WriteUInt32LittleEndian(entry, crc);
        }

        return bytes;
    }

    private static int Top(byte[] bytes) => BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(DataOffset + 12));

    private static int Length(byte[] bytes, int block) => BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(DataOffset + block));

    private static int LastBlock(byte[] bytes)
    {
        int top = Top(bytes);
        int block = HeapStart;
        while (block + 24 + ((Length(bytes, block) + 7) & ~7) < top)
            block += 24 + ((Length(bytes, block) + 7) & ~7);
        return block;
    }

    /// <summary>A valid journal entry (marker, address, length, old bytes, CRC-32C) restoring <paramref name="old"/> at <paramref name="address"/>.</summary>
    private static byte[] Entry(int address, byte[] old)
    {
        byte[] entry = new byte[7 + old.Length + 4];
        entry[0] = 0xA5;
        BinaryPrimitives.WriteInt32LittleEndian(entry.AsSpan(1), address);
        BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(5), (ushort)old.Length);
        old.CopyTo(entry, 7);
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(7 + old.Length), Crc32C.Compute(entry.AsSpan(0, 7 + old.Length)));
        return entry;
    }
}
