using CardOS.Apdu;
using CardOS.Runtime;

namespace CardOS.Tests.Runtime;

public class AtrTests
{
    [TestCase(TransmissionProtocol.T1, "", "3B808131FE458B", Description = "ISO/IEC 7816-3 8.2: T=1 offered through TD1/TD2, TCK present")]
    [TestCase(TransmissionProtocol.T0, "", "3B00", Description = "ISO/IEC 7816-3 8.2: T=0 implied, no TCK")]
    [TestCase(TransmissionProtocol.T0, "8073F021DF", "3B058073F021DF", Description = "ISO/IEC 7816-3 8.2: T=0 with historical bytes")]
    [TestCase(TransmissionProtocol.T1, "8073F021DF", "3B858131FE458073F021DF73", Description = "ISO/IEC 7816-3 8.2.5: TCK makes T0..TCK XOR to zero")]
    public void Build_Protocol_GoldenAtr(TransmissionProtocol protocol, string historical, string expected)
    {
        byte[] atr = Atr.Build(protocol, Hex.Decode(historical));
        Assert.That(Hex.Encode(atr), Is.EqualTo(expected));
        Assert.That(Atr.IsValid(atr), Is.True);
        Assert.That(Hex.Encode(Atr.GetHistoricalBytes(atr)), Is.EqualTo(historical));
    }

    [TestCase("", Description = "empty")]
    [TestCase("3B", Description = "no T0")]
    [TestCase("3C00", Description = "TS neither 3B nor 3F")]
    [TestCase("3B858131FE458073F021DF74", Description = "wrong TCK")]
    [TestCase("3B858131FE458073F021DF", Description = "missing TCK")]
    [TestCase("3B058073F001", Description = "one historical byte short")]
    public void IsValid_MalformedAtr_False(string hex) => Assert.That(Atr.IsValid(Hex.Decode(hex)), Is.False);

    [Test]
    public void Card_DefaultOptions_AtrIsValidAndCarriesDefaultHistoricalBytes()
    {
        var card = new Card();
        byte[] atr = card.PowerOn();
        Assert.That(Atr.IsValid(atr), Is.True);
        Assert.That(Atr.GetHistoricalBytes(atr).ToArray(), Is.EqualTo(Atr.DefaultHistoricalBytes.ToArray()));
    }
}
