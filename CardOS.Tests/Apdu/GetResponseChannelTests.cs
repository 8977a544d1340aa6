using CardOS.Apdu;
using CardOS.Runtime;
using CardOS.Tests.Runtime;

namespace CardOS.Tests.Apdu;

public class GetResponseChannelTests
{
    [TestCase("0010000003AABBCC00", "AABBCC9000", Description = "ISO/IEC 7816-3 12.2.4: case 4 over T=0 collected through GET RESPONSE")]
    [TestCase("0020000205", "00019000", Description = "ISO/IEC 7816-3 12.2.2: 6C02 answered by resending with Le 02")]
    [TestCase("0020020000", "*512", Description = "ISO/IEC 7816-4 7.6.1: 512 bytes in two parts")]
    [TestCase("00EE0000", "6D00", Description = "an error status word passes through")]
    public void Transmit_T0Card_OneResponsePerCommand(string command, string expected)
    {
        var channel = new GetResponseChannel(GoldenCardTests.CreateReader(new CardOptions { Protocol = TransmissionProtocol.T0 }));
        channel.Transmit("00A4040005F000000001").EnsureSuccess();
        string actual = channel.Transmit(command).ToString();
        if (expected.StartsWith('*'))
        {
            int count = int.Parse(expected[1..], System.Globalization.CultureInfo.InvariantCulture);
            expected = Hex.Encode(Enumerable.Range(0, count).Select(i => (byte)i).ToArray()) + "9000";
        }

        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void Transmit_OnChannelThree_GetResponseUsesChannelThree()
    {
        var channel = new GetResponseChannel(GoldenCardTests.CreateReader(new CardOptions { Protocol = TransmissionProtocol.T0 }));
        channel.Transmit("0070000300").EnsureSuccess();
        channel.Transmit("03A4040005F000000001").EnsureSuccess();
        Assert.That(channel.Transmit("0310000002AABB").ToString(), Is.EqualTo("AABB9000"));
    }
}
