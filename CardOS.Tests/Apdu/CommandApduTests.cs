using CardOS.Apdu;

namespace CardOS.Tests.Apdu;

/// <summary>The seven encodings of ISO/IEC 7816-3 12.1.3, as hex vectors: bytes, then the fields they carry.</summary>
public class CommandApduTests
{
    [TestCase("00A40400", 0, 0, IsoCase.Case1, Description = "ISO/IEC 7816-3 12.1.3.1: case 1, header only")]
    [TestCase("00B0000010", 0, 16, IsoCase.Case2Short, Description = "ISO/IEC 7816-3 12.1.3.2: case 2S, Le '10'")]
    [TestCase("00B0000000", 0, 256, IsoCase.Case2Short, Description = "ISO/IEC 7816-3 12.1.3.2: case 2S, Le '00' means 256")]
    [TestCase("00A4040005F000000001", 5, 0, IsoCase.Case3Short, Description = "ISO/IEC 7816-3 12.1.3.3: case 3S")]
    [TestCase("00A4040005F00000000100", 5, 256, IsoCase.Case4Short, Description = "ISO/IEC 7816-3 12.1.3.4: case 4S, Le '00'")]
    [TestCase("00B00000000100", 0, 256, IsoCase.Case2Extended, Description = "ISO/IEC 7816-3 12.1.3.2: case 2E, Le '0100'")]
    [TestCase("00B00000000000", 0, 65536, IsoCase.Case2Extended, Description = "ISO/IEC 7816-3 12.1.3.2: case 2E, Le '0000' means 65536")]
    [TestCase("00DA0000000003010203", 3, 0, IsoCase.Case3Extended, Description = "ISO/IEC 7816-3 12.1.3.3: case 3E, Lc '0003'")]
    [TestCase("00DA00000000030102030000", 3, 65536, IsoCase.Case4Extended, Description = "ISO/IEC 7816-3 12.1.3.4: case 4E, Le '0000'")]
    [TestCase("00DA00000000030102030102", 3, 258, IsoCase.Case4Extended, Description = "ISO/IEC 7816-3 12.1.3.4: case 4E, Le '0102'")]
    public void TryParse_ValidEncoding_ReadsFields(string hex, int nc, int ne, IsoCase isoCase)
    {
        byte[] bytes = Hex.Decode(hex);
        Assert.That(CommandApduView.TryParse(bytes, out CommandApduView view), Is.True);
        Assert.That(view.Data.Length, Is.EqualTo(nc));
        Assert.That(view.Ne, Is.EqualTo(ne));
        Assert.That(view.Case, Is.EqualTo(isoCase));
        Assert.That(view.Cla, Is.EqualTo(bytes[0]));
        Assert.That(view.Ins, Is.EqualTo(bytes[1]));
        Assert.That(view.P1, Is.EqualTo(bytes[2]));
        Assert.That(view.P2, Is.EqualTo(bytes[3]));

        CommandApdu apdu = CommandApdu.Parse(bytes);
        Assert.That(apdu.Nc, Is.EqualTo(nc));
        Assert.That(apdu.Ne, Is.EqualTo(ne));
        Assert.That(apdu.ToArray(extended: view.IsExtended), Is.EqualTo(bytes), "re-encoding in the same form gives the same bytes");
    }

    [TestCase("", Description = "no header")]
    [TestCase("00A404", Description = "ISO/IEC 7816-3 12.1.3: three bytes")]
    [TestCase("00A4040005F0", Description = "ISO/IEC 7816-3 12.1.3.3: Lc '05' with one data byte")]
    [TestCase("00A4040002F0F1F2F3", Description = "ISO/IEC 7816-3 12.1.3.4: two bytes too many for case 4S")]
    [TestCase("00A404000000", Description = "ISO/IEC 7816-3 12.1.3: '00' and one byte is no encoding")]
    [TestCase("00A40400000000AA", Description = "ISO/IEC 7816-3 12.1.3.3: extended Lc '0000' is not allowed")]
    [TestCase("00A4040000000201", Description = "ISO/IEC 7816-3 12.1.3.3: extended Lc '0002' with one data byte")]
    [TestCase("00A404000000020102030405", Description = "ISO/IEC 7816-3 12.1.3.4: extended case with trailing bytes")]
    public void TryParse_InvalidEncoding_ReturnsFalse(string hex)
    {
        byte[] bytes = Hex.Decode(hex);
        Assert.That(CommandApduView.TryParse(bytes, out _), Is.False);
        Assert.That(CommandApdu.TryParse(bytes, out CommandApdu? apdu), Is.False);
        Assert.That(apdu, Is.Null);
        Assert.Throws<FormatException>(() => CommandApdu.Parse(bytes));
    }

    [TestCase(0, 0, "00A40400")]
    [TestCase(0, 1, "00A4040001")]
    [TestCase(0, 256, "00A4040000")]
    [TestCase(0, 257, "00A40400000101")]
    [TestCase(0, 65536, "00A40400000000")]
    [TestCase(2, 0, "00A4040002AABB")]
    [TestCase(2, 256, "00A4040002AABB00")]
    [TestCase(2, 300, "00A404000000020102012C")]
    public void ToArray_NcAndNe_PicksShortestEncoding(int nc, int ne, string expected)
    {
        byte[] data = nc == 2 && ne <= 256 ? [0xAA, 0xBB] : Enumerable.Range(1, nc).Select(i => (byte)i).ToArray();
        var apdu = new CommandApdu(0x00, 0xA4, 0x04, 0x00, data, ne);
        Assert.That(Hex.Encode(apdu.ToArray()), Is.EqualTo(expected));
        Assert.That(apdu.GetEncodedLength(), Is.EqualTo(expected.Length / 2));
    }

    [Test]
    public void Constructor_NeAbove65536_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new CommandApdu(0, 0, 0, 0, default, 65537));

    [Test]
    public void Constructor_NcAbove65535_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new CommandApdu(0, 0, 0, 0, new byte[65536]));

    [Test]
    public void Constructor_DataArrayChangedAfterwards_CommandUnchanged()
    {
        byte[] data = [1, 2, 3];
        var apdu = new CommandApdu(0, 0xD6, 0, 0, data);
        data[0] = 9;
        Assert.That(apdu.Data.ToArray(), Is.EqualTo(new byte[] { 1, 2, 3 }));
    }

    [Test]
    public void ResponseApdu_Parse_SplitsDataAndStatusWord()
    {
        ResponseApdu response = ResponseApdu.Parse(Hex.Decode("AABB9000"));
        Assert.That(response.Data.ToArray(), Is.EqualTo(new byte[] { 0xAA, 0xBB }));
        Assert.That(response.StatusWord, Is.EqualTo(StatusWord.Success));
        Assert.That(ResponseApdu.TryParse(Hex.Decode("90"), out _), Is.False);
        Assert.Throws<IsoException>(() => ResponseApdu.Parse(Hex.Decode("6A82")).EnsureSuccess());
    }
}
