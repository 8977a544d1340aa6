using System.Buffers.Binary;
using CardOS.Apdu;
using CardOS.Runtime;
using CardOS.Storage;

namespace CardOS.Tests.Storage;

public class CardImageFileTests
{
    private const int Capacity = 32 * 1024;
    private const string Select = "00A4040007F0000001020304";

    private string _directory = "";

    private static long FileLength => CardImageFile.GetFileLength(Capacity);

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "cardos-image-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void Open_AfterCommitsInAnotherCard_RestoresAppletState()
    {
        string path = NewImage();
        using (CardImageFile image = CardImageFile.Open(path))
        {
            Card card = NewCard(image);
            Assert.That(CardStorageTests.Send(card, "8014000104CAFEBABE"), Is.EqualTo("9000"));
            Assert.That(CardStorageTests.Send(card, "801000000304ABCD"), Is.EqualTo("9000"));
        }

        using (CardImageFile image = CardImageFile.Open(path, Capacity))
        {
            Card card = NewCard(image);
            Assert.That(CardStorageTests.Send(card, "8030000000")[..12], Is.EqualTo("CAFEBABEABCD"));
            Assert.That(CardStorageTests.Send(card, "8030010000")[..12], Is.EqualTo("CAFEBABE0000"));
        }
    }

    [Test]
    public void Open_AfterPowerCutInsideTransaction_RollsBack()
    {
        string path = NewImage();
        using (CardImageFile image = CardImageFile.Open(path))
        {
            Card card = NewCard(image);
            Assert.That(CardStorageTests.Send(card, "8014000102AAAA"), Is.EqualTo("9000"));
            long start = card.Eeprom.WriteCount;
            Assert.That(CardStorageTests.Send(card, "8014000102BBBB"), Is.EqualTo("9000"));
            long writes = card.Eeprom.WriteCount - start;

            card.Eeprom.ScheduleTear(writes - 2, 0.5); // inside the second file's data write, before the commit
            Assert.That(card.Transmit(Hex.Decode("8014000102CCCC")), Is.Empty);
            Assert.That(card.IsPowered, Is.False);
        }

        using (CardImageFile image = CardImageFile.Open(path))
        {
            Card card = NewCard(image);
            Assert.That(CardStorageTests.Send(card, "8030000000")[..4], Is.EqualTo("BBBB"));
            Assert.That(CardStorageTests.Send(card, "8030010000")[..4], Is.EqualTo("BBBB"));
        }
    }

    [Test]
    public void Open_AfterWrites_PageWriteCountsSurvive()
    {
        string path = NewImage();
        long writes;
        using (CardImageFile image = CardImageFile.Open(path))
        {
            Card card = NewCard(image);
            for (int i = 0; i < 10; i++)
                Assert.That(CardStorageTests.Send(card, "8014000102AAAA"), Is.EqualTo("9000"));
            writes = card.Eeprom.GetPageWrites(0);
        }

        using (CardImageFile image = CardImageFile.Open(path))
        {
            Assert.That(image.Eeprom.GetPageWrites(0), Is.EqualTo(writes));
            Assert.That(image.Eeprom.MaxPageWrites, Is.GreaterThanOrEqualTo(writes));
            Assert.That(image.Sequence, Is.GreaterThan(10));
        }
    }

    [Test]
    public void Open_WriteAheadRecordWhoseApplyWasCut_RedoesIt()
    {
        string path = NewImage();
        Session(path, _ => { });
        byte[] before = File.ReadAllBytes(path);
        Session(path, card => Assert.That(CardStorageTests.Send(card, "8014000104CAFEBABE"), Is.EqualTo("9000")));
        byte[] after = File.ReadAllBytes(path);

        // The kill landed after the command's record was written, before any of it was applied.
        int recordOffset = (int)DataEnd();
        Assert.That(before.AsSpan(0, recordOffset).SequenceEqual(after.AsSpan(0, recordOffset)), Is.False);
        after.AsSpan(recordOffset).CopyTo(before.AsSpan(recordOffset));
        File.WriteAllBytes(path, before);

        Session(path, card => Assert.That(CardStorageTests.Send(card, "8030010000")[..8], Is.EqualTo("CAFEBABE")));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(before), "opening redoes the record in memory and writes nothing");

        // The next flush puts the record's pages in the data area before its own record replaces it: with the
        // write-ahead region wiped afterwards, the file still holds CAFEBABE.
        Session(path, card => Assert.That(CardStorageTests.Send(card, "80100000020011"), Is.EqualTo("9000")));
        byte[] flushed = File.ReadAllBytes(path);
        Assert.That(flushed.AsSpan(0, recordOffset).ToArray(), Is.Not.EqualTo(after.AsSpan(0, recordOffset).ToArray()));
        flushed.AsSpan(recordOffset).Clear();
        File.WriteAllBytes(path, flushed);
        Session(path, card =>
        {
            Assert.That(CardStorageTests.Send(card, "8030010000")[..8], Is.EqualTo("CAFEBABE"));
            Assert.That(CardStorageTests.Send(card, "8030000000")[..2], Is.EqualTo("11"));
        });
    }

    [Test]
    public void Open_WriteAheadRecordTorn_IgnoresItAndKeepsLastFlush()
    {
        string path = NewImage();
        Session(path, card => Assert.That(CardStorageTests.Send(card, "8014000104CAFEBABE"), Is.EqualTo("9000")));
        byte[] before = File.ReadAllBytes(path);
        Session(path, card => Assert.That(CardStorageTests.Send(card, "801400010411223344"), Is.EqualTo("9000")));
        byte[] after = File.ReadAllBytes(path);

        // The kill tore the next record: its first 100 bytes landed, nothing was applied.
        int recordOffset = (int)DataEnd();
        after.AsSpan(recordOffset, 100).CopyTo(before.AsSpan(recordOffset));
        File.WriteAllBytes(path, before);

        Session(path, card => Assert.That(CardStorageTests.Send(card, "8030010000")[..8], Is.EqualTo("CAFEBABE")));
    }

    [Test]
    public void Create_ExistingFile_ThrowsAndLeavesItAlone()
    {
        string path = Path.Combine(_directory, "taken.img");
        File.WriteAllText(path, "precious");

        var e = Assert.Throws<CardImageException>(() => CardImageFile.Create(path, Capacity));

        Assert.That(e!.Message, Is.EqualTo($"Card image '{path}': already exists; open it, or delete it first."));
        Assert.That(File.ReadAllText(path), Is.EqualTo("precious"));
        Assert.That(Directory.GetFiles(_directory), Has.Length.EqualTo(1), "no temporary file left behind");
    }

    [Test]
    public void Open_FlippedDataByte_ThrowsPageChecksumMismatch()
    {
        string path = NewImage();
        long page12 = DataEnd() - Capacity + (12 * Eeprom.PageSize) + 5;

        AssertRefused(path, bytes => Flip(bytes, page12, 0x01), "page 12 checksum mismatch");
    }

    [Test]
    public void Open_FlippedPageTableByte_ThrowsPageChecksumMismatch()
    {
        string path = NewImage();

        AssertRefused(path, bytes => Flip(bytes, CardImageFile.HeaderSize + (3 * 8) + 4, 0x80), "page 3 checksum mismatch");
    }

    [Test]
    public void Open_FlippedHeaderByte_ThrowsHeaderChecksumMismatch()
    {
        string path = NewImage();

        AssertRefused(path, bytes => Flip(bytes, 17, 0x01), "header checksum mismatch");
    }

    [Test]
    public void Open_Truncated_ThrowsTruncatedWithBothLengths()
    {
        string path = NewImage();

        AssertRefused(path, bytes => bytes[..1000], $"truncated: 1000 bytes, expected {FileLength}");
    }

    [Test]
    public void Open_TruncatedInsideHeader_ThrowsTruncated()
    {
        string path = NewImage();

        AssertRefused(path, bytes => bytes[..10], "truncated: 10 bytes, expected at least 64");
    }

    [Test]
    public void Open_Empty_ThrowsTruncated()
    {
        string path = Path.Combine(_directory, "empty.img");
        File.WriteAllBytes(path, []);

        AssertRefused(path, bytes => bytes, "truncated: 0 bytes, expected at least 64");
    }

    [Test]
    public void Open_ExtraBytes_ThrowsLength()
    {
        string path = NewImage();

        AssertRefused(path, bytes => [.. bytes, 0, 0, 0], $"{FileLength + 3} bytes, expected {FileLength}");
    }

    [Test]
    public void Open_WrongVersion_ThrowsFormatVersion()
    {
        string path = NewImage();

        AssertRefused(path, bytes =>
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), 7);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(60), Crc32C.Compute(bytes.AsSpan(0, 60)));
            return bytes;
        }, "format version 7, expected 1");
    }

    [Test]
    public void Open_WrongCapacity_ThrowsCapacity()
    {
        string path = NewImage();
        byte[] bytes = File.ReadAllBytes(path);

        var e = Assert.Throws<CardImageException>(() => CardImageFile.Open(path, 65536));

        Assert.That(e!.Message, Is.EqualTo($"Card image '{path}': capacity 32768, expected 65536."));
        Assert.That(e.FilePath, Is.EqualTo(path));
        Assert.That(e.Problem, Is.EqualTo("capacity 32768, expected 65536"));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(bytes));
    }

    [Test]
    public void CardConstructor_ImageOfOtherCapacity_ThrowsCapacity()
    {
        string path = NewImage();
        using CardImageFile image = CardImageFile.Open(path);

        var e = Assert.Throws<CardImageException>(() => new Card(new CardOptions(), image));

        Assert.That(e!.Message, Is.EqualTo($"Card image '{path}': capacity 32768, expected 65536."));
    }

    [Test]
    public void Open_NotAnImage_ThrowsBadMagic()
    {
        string path = Path.Combine(_directory, "notes.txt");
        File.WriteAllText(path, "These are not the bytes you are looking for, though there are more than sixty-four of them.");

        AssertRefused(path, bytes => bytes, "not a CardOS card image (bad magic)");
    }

    [Test]
    public void Open_MissingFile_ThrowsNoSuchFile()
    {
        string path = Path.Combine(_directory, "missing.img");

        var e = Assert.Throws<CardImageException>(() => CardImageFile.Open(path));

        Assert.That(e!.Message, Is.EqualTo($"Card image '{path}': no such file."));
        Assert.That(File.Exists(path), Is.False);
    }

    [Test]
    public void Open_AlreadyOpen_ThrowsCannotBeOpened()
    {
        string path = NewImage();
        using CardImageFile image = CardImageFile.Open(path);

        var e = Assert.Throws<CardImageException>(() => CardImageFile.Open(path));

        Assert.That(e!.Problem, Is.EqualTo("in use by this process"));
        Assert.That(e.InUse, Is.True);
    }

    [Test]
    public void CardConstructor_ImageWithForeignLayout_ThrowsAndDoesNotReformat()
    {
        string path = NewImage();
        using (CardImageFile image = CardImageFile.Open(path))
        {
            image.Eeprom.Write(0, [0x11, 0x22, 0x33, 0x44, 0x09]);
            image.Flush();
        }

        byte[] bytes = File.ReadAllBytes(path);
        using (CardImageFile image = CardImageFile.Open(path))
        {
            var e = Assert.Throws<CardImageException>(() => new Card(new CardOptions { EepromCapacity = Capacity }, image));
            Assert.That(e!.Problem, Is.EqualTo("The EEPROM holds no CardOS system header (magic 0x44332211, expected 0x534F4443)"));
        }

        Assert.That(File.ReadAllBytes(path), Is.EqualTo(bytes));
    }

    private static byte[] Flip(byte[] bytes, long offset, byte mask)
    {
        bytes[offset] ^= mask;
        return bytes;
    }

    private static long DataEnd() => CardImageFile.GetFileLength(Capacity) - (16 + (Capacity / Eeprom.PageSize * (8 + Eeprom.PageSize)) + 4);

    private static void Session(string path, Action<Card> use)
    {
        using CardImageFile image = CardImageFile.Open(path);
        use(NewCard(image));
    }

    private static Card NewCard(CardImageFile image)
    {
        var card = new Card(new CardOptions { EepromCapacity = Capacity }, image);
        card.Install(StorageTestApplet.AppletAid, c => new StorageTestApplet(c));
        card.PowerOn();
        Assert.That(CardStorageTests.Send(card, Select), Is.EqualTo("9000"));
        return card;
    }

    private static void AssertRefused(string path, Func<byte[], byte[]> damage, string problem)
    {
        byte[] bytes = damage(File.ReadAllBytes(path));
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<CardImageException>(() => CardImageFile.Open(path));

        Assert.That(e!.Message, Is.EqualTo($"Card image '{path}': {problem}."));
        Assert.That(e.FilePath, Is.EqualTo(path));
        Assert.That(e.Problem, Is.EqualTo(problem));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(bytes), "a refused image is left exactly as it was");
    }

    private string NewImage()
    {
        string path = Path.Combine(_directory, "card.img");
        using CardImageFile image = CardImageFile.Create(path, Capacity);
        Assert.That(new FileInfo(path).Length, Is.EqualTo(FileLength));
        return path;
    }
}
