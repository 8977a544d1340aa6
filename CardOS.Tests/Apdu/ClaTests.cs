using CardOS.Apdu;

namespace CardOS.Tests.Apdu;

/// <summary>The class byte decoded per ISO/IEC 7816-4 5.4.1 (first and further interindustry coding).</summary>
public class ClaTests
{
    [TestCase(0x00, 0, false, false, Description = "first interindustry, basic channel")]
    [TestCase(0x03, 3, false, false, Description = "first interindustry, channel 3 in b2-b1")]
    [TestCase(0x0C, 0, false, true, Description = "first interindustry, secure messaging in b4-b3")]
    [TestCase(0x10, 0, true, false, Description = "b5: command chaining")]
    [TestCase(0x40, 4, false, false, Description = "further interindustry, channel 4 + b4-b1")]
    [TestCase(0x4F, 19, false, false, Description = "further interindustry, channel 19")]
    [TestCase(0x60, 4, false, true, Description = "further interindustry, secure messaging in b6")]
    [TestCase(0x83, 3, false, false, Description = "proprietary, first coding, channel 3")]
    [TestCase(0x94, 0, true, true, Description = "proprietary, chained, secure messaging b3")]
    [TestCase(0xC5, 9, false, false, Description = "proprietary, further coding, channel 9")]
    public void Decode_ClassByte_ChannelChainingAndSecureMessaging(int value, int channel, bool chained, bool secureMessaging)
    {
        var cla = new Cla((byte)value);
        Assert.Multiple(() =>
        {
            Assert.That(cla.Channel, Is.EqualTo(channel));
            Assert.That(cla.IsChained, Is.EqualTo(chained));
            Assert.That(cla.IndicatesSecureMessaging, Is.EqualTo(secureMessaging));
            Assert.That(cla.IsProprietary, Is.EqualTo(value >= 0x80));
            Assert.That(cla.IsInterindustry, Is.EqualTo(value < 0x80));
        });
    }

    [TestCase(0x00, true)]
    [TestCase(0x1F, true)]
    [TestCase(0x20, false, Description = "'20'-'3F' reserved for future use")]
    [TestCase(0x3F, false)]
    [TestCase(0x40, true)]
    [TestCase(0xFE, true)]
    [TestCase(0xFF, false, Description = "'FF' is invalid (PPS)")]
    public void IsValid_ReservedAndInvalidClasses_False(int value, bool valid) =>
        Assert.That(new Cla((byte)value).IsValid, Is.EqualTo(valid));

    [TestCase(0x10, 0x00)]
    [TestCase(0x9C, 0x8C)]
    [TestCase(0x53, 0x43)]
    public void WithoutChaining_ClearsB5Only(int value, int expected) =>
        Assert.That(new Cla((byte)value).WithoutChaining.Value, Is.EqualTo(expected));
}
