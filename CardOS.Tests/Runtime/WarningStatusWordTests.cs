using CardOS.Apdu;
using CardOS.Reader.InProcess;
using CardOS.Runtime;

namespace CardOS.Tests.Runtime;

/// <summary><see cref="ApduContext.Send(int, StatusWord)"/>: response data with a warning status word, through Ne, 61xx and GET RESPONSE.</summary>
public class WarningStatusWordTests
{
    private static readonly Aid WarnAid = Aid.Parse("F0000000AA");

    [TestCase(TransmissionProtocol.T1, "8001000000", "A1A2A3A4 6282", Description = "data and the warning")]
    [TestCase(TransmissionProtocol.T1, "8001000002", "A1A2 6102", Description = "Ne short: the warning waits behind 61xx")]
    [TestCase(TransmissionProtocol.T1, "8001000001AA00", "A1A2A3A4 6282", Description = "case 4")]
    [TestCase(TransmissionProtocol.T0, "8001000004", "A1A2A3A4 6282", Description = "T=0, exact Le")]
    [TestCase(TransmissionProtocol.T0, "8001000008", "6C04", Description = "T=0, wrong Le: 6Cxx first")]
    [TestCase(TransmissionProtocol.T0, "8001000001AA", "6104", Description = "T=0, case 3: 61xx")]
    [TestCase(TransmissionProtocol.T1, "8002000000", "6F00", Description = "9000 is no warning: a programming error")]
    [TestCase(TransmissionProtocol.T1, "8003000000", "6A82", Description = "an exception after Send drops data and warning")]
    public void Send_Warning_AnswersDataWithStatusWord(TransmissionProtocol protocol, string command, string expected)
    {
        InProcessReader reader = Reader(protocol);
        Assert.That(reader.Transmit(command).ToString(), Is.EqualTo(Hex.Encode(Hex.Decode(expected))));
    }

    [TestCase(TransmissionProtocol.T1, "8001000002", "00C0000002")]
    [TestCase(TransmissionProtocol.T0, "8001000001AA", "00C0000004")]
    public void GetResponse_AfterDeferredWarning_EndsWithTheWarning(TransmissionProtocol protocol, string command, string getResponse)
    {
        InProcessReader reader = Reader(protocol);
        reader.Transmit(command);
        Assert.That(reader.Transmit(getResponse).StatusWord, Is.EqualTo(StatusWord.EndOfFileReached));
    }

    private static InProcessReader Reader(TransmissionProtocol protocol)
    {
        var card = new Card(new CardOptions { Protocol = protocol });
        card.Install(WarnAid, context => new WarningApplet(context));
        var reader = new InProcessReader(card);
        reader.Transmit("00A4040C05F0000000AA").EnsureSuccess();
        return reader;
    }

    private sealed class WarningApplet(AppletContext context) : Applet(context)
    {
        protected override void Process(ApduContext apdu)
        {
            ReadOnlySpan<byte> data = [0xA1, 0xA2, 0xA3, 0xA4];
            data.CopyTo(apdu.Response);
            switch (apdu.Ins)
            {
                case 0x01:
                    apdu.Send(data.Length, StatusWord.EndOfFileReached);
                    break;
                case 0x02:
                    apdu.Send(data.Length, StatusWord.Success);
                    break;
                default:
                    apdu.Send(data.Length, StatusWord.EndOfFileReached);
                    throw new IsoException(StatusWord.FileNotFound);
            }
        }
    }
}
