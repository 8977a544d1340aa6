using CardOS.Applets.BankHierarchy;

namespace CardOS.Tests.BankHierarchy;

public class BankTranscriptRecorder
{
    [Explicit("Prints the exchange transcripts that BankExchangeGoldenTests pins")]
    [TestCase(CryptoProfile.Des)]
    [TestCase(CryptoProfile.Aes)]
    public void Print(CryptoProfile profile)
    {
        foreach (string line in BankExchangeGoldenTests.RecordTransfer(profile))
            TestContext.Out.WriteLine($"\"{line}\",");
        foreach (string line in BankExchangeGoldenTests.RecordInterest(profile))
            TestContext.Out.WriteLine($"\"{line}\",");
    }
}
