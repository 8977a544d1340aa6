using CardOS.Apdu;
using CardOS.Cli.Profiles;
using CardOS.Reader.InProcess;

namespace CardOS.Tests.Reader.InProcess;

public class InProcessGoldenTests
{
    [Test]
    public void Transmit_GoldenVectorsOnDiagnosticCard_AnswerPinnedBytes()
    {
        var reader = new InProcessReader(CardProfiles.Find("diagnostic")!.CreateCard());
        foreach ((string command, string expected) in GoldenVectors.Diagnostic)
            Assert.That(reader.Transmit(command).ToString(), Is.EqualTo(expected), command);
    }
}
