using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using CardOS.Applets.SecurityCard;
using CardOS.Reader.InProcess;
using CardOS.Runtime;
using CardOS.Tests.Docs;
using CardOS.Tests.Purse;

namespace CardOS.Tests.SecurityCard;

/// <summary>
/// docs/applets/security-card.md, "Test keys": every value recomputed from its label, and the test card's CARD-CERT
/// checked with nothing but the page's values (header bytes, key hashes, signature under the page's bank key).
/// </summary>
public class SecurityCardTestKeyExampleTests
{
    private const string Heading = "### Test keys";
    private static readonly DocPage Page = DocPage.Read("applets/security-card.md");

    [TestCase("S_U", "CardOS test S_U", true)]
    [TestCase("S_C", "CardOS test S_C", true)]
    [TestCase("bank key d", "CardOS test bank signing key", false)]
    [TestCase("K_M master", "CardOS test withdrawal master key", false)]
    [TestCase("close master", "CardOS test close-lock master key", false)]
    [TestCase("open master", "CardOS test open-lock master key", false)]
    public void Label_HashesToThePageValue(string name, string label, bool modQ)
    {
        BigInteger value = SchnorrGroup.ReadUnsigned(SHA256.HashData(Encoding.ASCII.GetBytes(label)));
        if (modQ)
            value %= SchnorrGroup.Rfc5114Modp2048Q256.Q;
        Assert.That(Page.Value(Heading, name), Is.EqualTo(SchnorrGroup.ToFixedBytes(value, 32)));
    }

    [Test]
    public void Page_AgreesWithSecurityCardTestKeys()
    {
        Assert.That(Page.Value(Heading, "S_U"), Is.EqualTo(SecurityCardTestKeys.UserSecret()));
        Assert.That(Page.Value(Heading, "S_C"), Is.EqualTo(SecurityCardTestKeys.BankSecret()));
        Assert.That(Page.Value(Heading, "close master"), Is.EqualTo(SecurityCardTestKeys.CloseLockMasterKey()));
        Assert.That(Page.Value(Heading, "open master"), Is.EqualTo(SecurityCardTestKeys.OpenLockMasterKey()));
        using SecurityCardBankKeys keys = SecurityCardTestKeys.CreateBankKeys();
        ECParameters bank = keys.SigningKey.ExportParameters(false);
        Assert.That(bank.Q.X, Is.EqualTo(Page.Value(Heading, "bank key Qx")));
        Assert.That(bank.Q.Y, Is.EqualTo(Page.Value(Heading, "bank key Qy")));
    }

    [Test]
    public void TestCardCertificate_CheckedFromThePageAlone()
    {
        var card = new Card(new CardOptions { RandomSeed = 1, TimeProvider = FixedTime.Default });
        SecurityCardApplet.Install(card);
        var driver = new SecurityCardDriver(new InProcessReader(card));
        driver.Select();
        byte[] cert = driver.ReadCardCertificate().Encoded.ToArray();

        SchnorrGroup group = SchnorrGroup.Rfc5114Modp2048Q256;
        byte[] pc = SchnorrGroup.ToFixedBytes(group.PublicKey(SchnorrGroup.ReadUnsigned(Page.Value(Heading, "S_C"))), 256);
        byte[] pu = SchnorrGroup.ToFixedBytes(group.PublicKey(SchnorrGroup.ReadUnsigned(Page.Value(Heading, "S_U"))), 256);
        using var bank = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Page.Value(Heading, "bank key Qx"), Y = Page.Value(Heading, "bank key Qy") },
        });

        Assert.Multiple(() =>
        {
            Assert.That(cert, Has.Length.EqualTo(605));
            Assert.That(cert[..29], Is.EqualTo(Page.Value(Heading, "CARD-CERT 0-28")), "header");
            Assert.That(SHA256.HashData(pc), Is.EqualTo(Page.Value(Heading, "P_C hash")), "P_C from the page's S_C");
            Assert.That(SHA256.HashData(pu), Is.EqualTo(Page.Value(Heading, "P_U hash")), "P_U from the page's S_U");
            Assert.That(cert[29..285], Is.EqualTo(pc), "bytes 29-284");
            Assert.That(cert[285..541], Is.EqualTo(pu), "bytes 285-540");
            Assert.That(bank.VerifyData(cert.AsSpan(0, 541), cert.AsSpan(541), HashAlgorithmName.SHA256), "signature under the page's bank key");
        });
    }
}
