using CardOS.Apdu;

namespace CardOS.Tests.Apdu;

public class StatusWordTests
{
    [TestCase(0x90, 0x00, "9000")]
    [TestCase(0x6A, 0x82, "6A82")]
    [TestCase(0x61, 0x10, "6110")]
    public void ToString_Bytes_UpperCaseHex(int sw1, int sw2, string expected)
    {
        var sw = new StatusWord((byte)sw1, (byte)sw2);
        Assert.That(sw.ToString(), Is.EqualTo(expected));
        Assert.That(sw.Sw1, Is.EqualTo(sw1));
        Assert.That(sw.Sw2, Is.EqualTo(sw2));
    }

    [TestCase(0, "6100")]
    [TestCase(1, "6101")]
    [TestCase(255, "61FF")]
    [TestCase(256, "6100")]
    [TestCase(4000, "6100")]
    public void BytesAvailable_Count_EncodesSw2WithZeroForMany(int available, string expected) =>
        Assert.That(StatusWord.BytesAvailable(available).ToString(), Is.EqualTo(expected));

    [TestCase(0x9000, true)]
    [TestCase(0x6F00, true)]
    [TestCase(0x6000, false)]
    [TestCase(0x0000, false)]
    [TestCase(0xA000, false)]
    public void IsValid_Value_FollowsIso78164Section56(int value, bool expected) =>
        Assert.That(new StatusWord((ushort)value).IsValid, Is.EqualTo(expected));
}
