using CardOS.Apdu;

namespace CardOS.Tests.Apdu;

/// <summary>Command and response APDUs are values: equal when every field is, different when any one is; hex reads with separators.</summary>
public class ApduValueTests
{
    private static readonly CommandApdu Reference = new(0x00, 0xA4, 0x04, 0x00, [0xF0, 0x01], ne: 256);

    [Test]
    public void CommandApdu_SameFields_EqualWithTheSameHashCode()
    {
        var same = new CommandApdu(0x00, 0xA4, 0x04, 0x00, [0xF0, 0x01], ne: 256);
        Assert.Multiple(() =>
        {
            Assert.That(same, Is.EqualTo(Reference));
            Assert.That(same.Equals((object)Reference), Is.True);
            Assert.That(same.GetHashCode(), Is.EqualTo(Reference.GetHashCode()));
            Assert.That(Reference.Equals((CommandApdu?)null), Is.False);
        });
    }

    [TestCase(0x80, 0xA4, 0x04, 0x00, "F001", 256, Description = "CLA differs")]
    [TestCase(0x00, 0xB0, 0x04, 0x00, "F001", 256, Description = "INS differs")]
    [TestCase(0x00, 0xA4, 0x00, 0x00, "F001", 256, Description = "P1 differs")]
    [TestCase(0x00, 0xA4, 0x04, 0x0C, "F001", 256, Description = "P2 differs")]
    [TestCase(0x00, 0xA4, 0x04, 0x00, "F001", 0, Description = "Ne differs")]
    [TestCase(0x00, 0xA4, 0x04, 0x00, "F002", 256, Description = "data differs")]
    [TestCase(0x00, 0xA4, 0x04, 0x00, "F00100", 256, Description = "data longer")]
    public void CommandApdu_OneFieldDiffers_NotEqual(int cla, int ins, int p1, int p2, string data, int ne) =>
        Assert.That(new CommandApdu((byte)cla, (byte)ins, (byte)p1, (byte)p2, Hex.Decode(data), ne), Is.Not.EqualTo(Reference));

    [Test]
    public void ResponseApdu_EqualityByDataAndStatusWord()
    {
        ResponseApdu reference = new([0xAA, 0xBB], StatusWord.Success);
        ResponseApdu same = new([0xAA, 0xBB], StatusWord.Success);
        object notAnApdu = "AABB9000";
        Assert.Multiple(() =>
        {
            Assert.That(same, Is.EqualTo(reference));
            Assert.That(same.GetHashCode(), Is.EqualTo(reference.GetHashCode()));
            Assert.That(new ResponseApdu([0xAA, 0xBC], StatusWord.Success), Is.Not.EqualTo(reference));
            Assert.That(new ResponseApdu([0xAA, 0xBB], StatusWord.WrongLength), Is.Not.EqualTo(reference));
            Assert.That(new ResponseApdu([0xAA], StatusWord.Success), Is.Not.EqualTo(reference));
            Assert.That(same.Equals(notAnApdu), Is.False);
            Assert.That(same.Equals((ResponseApdu?)null), Is.False);
        });
    }

    [TestCase("00 A4 04 00", Description = "spaces")]
    [TestCase("00\tA4\r\n0400", Description = "tabs and line breaks")]
    [TestCase("00:A4:04:00", Description = "colons")]
    [TestCase("00-a4-04-00", Description = "dashes, lower case")]
    public void HexDecode_Separators_Ignored(string hex) =>
        Assert.That(Hex.Decode(hex), Is.EqualTo(new byte[] { 0x00, 0xA4, 0x04, 0x00 }));

    [Test]
    public void HexDecode_LongInput_DecodesBeyondTheStackBuffer()
    {
        string hex = string.Concat(Enumerable.Repeat("0A ", 700));
        Assert.That(Hex.Decode(hex), Has.Length.EqualTo(700).And.All.EqualTo(0x0A));
    }
}
