using System.Buffers.Binary;
using CardOS.Storage;

namespace CardOS.Tests.Storage;

/// <summary>
/// The image file's write-ahead record at its limits (a record naming a page outside the image, a record whose CRC
/// fails) and the flush that <see cref="CardImageFile.Dispose"/> owes the caller.
/// </summary>
public class ImageRecordTests
{
    private const int Capacity = Eeprom.MinCapacity;
    private const int Pages = Capacity / Eeprom.PageSize;
    private const int RecordPageSize = 8 + Eeprom.PageSize;

    private string _directory = "";

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "cardos-record-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private static long RecordOffset => CardImageFile.GetFileLength(Capacity) - (16 + (Pages * RecordPageSize) + 4);

    [Test]
    public void Dispose_WithUnflushedWrites_FlushesThem()
    {
        string path = NewImage();
        using (CardImageFile image = CardImageFile.Open(path))
        {
            image.Eeprom.Write(1000, [0xCA, 0xFE]);
            Assert.That(image.Sequence, Is.Zero, "nothing flushed yet");
        }

        using CardImageFile reopened = CardImageFile.Open(path);
        Assert.That(reopened.Eeprom.Read(1000, 2).ToArray(), Is.EqualTo(new byte[] { 0xCA, 0xFE }));
        Assert.That(reopened.Sequence, Is.EqualTo(1));
    }

    [Test]
    public void Open_ValidRecord_IsRedone()
    {
        // The record format the tests below damage one field of: whole, it is applied.
        string path = NewImage();
        WriteRecord(path, 7, (3, 0x5A));
        using CardImageFile image = CardImageFile.Open(path);
        Assert.That(image.Eeprom.Read(3 * Eeprom.PageSize, Eeprom.PageSize).ToArray(), Is.All.EqualTo(0x5A));
        Assert.That(image.Sequence, Is.EqualTo(7));
    }

    [TestCase(Pages, TestName = "Open_RecordNamingThePageAfterTheLast_IsRefused")]
    [TestCase(-1, TestName = "Open_RecordNamingANegativePage_IsRefused")]
    [TestCase(int.MaxValue, TestName = "Open_RecordNamingAHugePage_IsRefused")]
    public void Open_RecordNamingAPageOutsideTheImage_IsRefusedWhole(int badPage)
    {
        // A CRC-valid record (a bug or a hostile file) with one good page and one outside the image: applying any of it
        // would be trusting it, so the image is refused, naming the page, and the file is left as it was.
        string path = NewImage();
        WriteRecord(path, 7, (3, 0x5A), (badPage, 0x6B));
        byte[] before = File.ReadAllBytes(path);

        var refused = Assert.Throws<CardImageException>(() => CardImageFile.Open(path).Dispose());
        Assert.That(refused!.Message, Does.Contain($"write-ahead record names page {badPage} of {Pages}"));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(before), "the refused image changed no byte of the file");
    }

    [Test]
    public void Open_RecordWithBadCrc_IsIgnored()
    {
        string path = NewImage();
        WriteRecord(path, 7, (3, 0x5A));
        byte[] bytes = File.ReadAllBytes(path);
        bytes[RecordOffset + 16 + 8 + 10] ^= 0x01; // a byte of the page inside the record
        File.WriteAllBytes(path, bytes);

        using CardImageFile image = CardImageFile.Open(path);
        Assert.That(image.Eeprom.Read(3 * Eeprom.PageSize, Eeprom.PageSize).IndexOfAnyExcept((byte)0), Is.EqualTo(-1));
        Assert.That(image.Sequence, Is.Zero);
    }

    [TestCase(0)]
    [TestCase(Pages + 1)]
    public void Open_RecordWithImpossiblePageCount_IsIgnored(int count)
    {
        string path = NewImage();
        WriteRecord(path, 7, (3, 0x5A));
        byte[] bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan((int)RecordOffset + 4), count);
        File.WriteAllBytes(path, bytes);

        using CardImageFile image = CardImageFile.Open(path);
        Assert.That(image.Sequence, Is.Zero);
    }

    private string NewImage()
    {
        string path = Path.Combine(_directory, "card.img");
        CardImageFile.Create(path, Capacity).Dispose();
        return path;
    }

    /// <summary>Writes a CRC-valid write-ahead record of whole pages filled with one byte each.</summary>
    private static void WriteRecord(string path, long sequence, params (int Page, byte Fill)[] pages)
    {
        byte[] record = new byte[16 + (pages.Length * RecordPageSize) + 4];
        BinaryPrimitives.WriteUInt32LittleEndian(record, 0x314C4157); // "WAL1"
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(4), pages.Length);
        BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(8), sequence);
        int at = 16;
        foreach ((int page, byte fill) in pages)
        {
            BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(at), page);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(at + 4), 1);
            record.AsSpan(at + 8, Eeprom.PageSize).Fill(fill);
            at += RecordPageSize;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(at), Crc32C.Compute(record.AsSpan(0, at)));
        using FileStream file = File.OpenWrite(path);
        file.Position = RecordOffset;
        file.Write(record);
    }
}
