using CardOS.Applets.BankHierarchy;
using CardOS.Tests.Docs;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;

namespace CardOS.Tests.BankHierarchy;

/// <summary>The BALANCE worked example of docs/applets/bank-hierarchy.md, every value read from the page and recomputed.</summary>
public class BankBalanceExampleTests
{
    private static readonly DocPage Page = DocPage.Read("applets/bank-hierarchy.md");

    [Test]
    public void DesExample_EveryStepOnThePage()
    {
        const string Heading = "DES profile (CHECK_KEY C0C1C2C3C4C5C6C7)";
        byte[] key = BankTestKeys.CheckKey(CryptoProfile.Des);
        Assert.That(Page.Text, Does.Contain($"DES profile (CHECK_KEY {Convert.ToHexString(key)})"), "the page's CHECK_KEY is the test key");
        byte[] account = BankTestCards.AccountOf(BankTestCard.User).ToArray();
        byte[] serial = Des(key, account);
        Assert.That(Page.Value(Heading, "serial"), Is.EqualTo(serial));
        Assert.That(Page.ShortValue(Heading, "serial"), Is.EqualTo(serial[..4]));

        byte[] body = new byte[BankBalance.Size];
        new BankBalance(1000, 0x01, BankDate.Parse("11012026"), 0, 0, 0).WriteBody(body);
        serial.AsSpan(0, 4).CopyTo(body.AsSpan(12));
        Assert.That(Page.Value(Heading, "bytes 0-15"), Is.EqualTo(body[..16]));
        byte[] inner = Des(body[8..16], body[..8]);
        Assert.That(Page.Value(Heading, "inner"), Is.EqualTo(inner));
        Assert.That(Page.Value(Heading, "checksum"), Is.EqualTo(Des(key, inner)));

        new BankCrypto(CryptoProfile.Des).ComputeChecksum(key, body, body.AsSpan(16));
        Assert.That(Page.Value(Heading, "BALANCE"), Is.EqualTo(body), "the card's own computation");
    }

    [Test]
    public void AesExample_BalanceOnThePage()
    {
        const string Heading = "AES profile (CHECK_KEY C0C1C2C3C4C5C6C7C8C9CACBCCCDCECF)";
        byte[] key = BankTestKeys.CheckKey(CryptoProfile.Aes);
        Assert.That(Page.Text, Does.Contain($"AES profile (CHECK_KEY {Convert.ToHexString(key)})"));
        var crypto = new BankCrypto(CryptoProfile.Aes);
        byte[] body = new byte[BankBalance.Size];
        new BankBalance(1000, 0x01, BankDate.Parse("11012026"), 0, 0, 0).WriteBody(body);
        crypto.ComputeSerial(key, BankTestCards.AccountOf(BankTestCard.User).ToArray(), body.AsSpan(12));
        Assert.That(Page.ShortValue(Heading, "serial"), Is.EqualTo(body[12..16]));
        crypto.ComputeChecksum(key, body, body.AsSpan(16));
        Assert.That(Page.Value(Heading, "BALANCE"), Is.EqualTo(body));
    }

    private static byte[] Des(byte[] key, byte[] block)
    {
        var engine = new DesEngine();
        engine.Init(true, new KeyParameter(key));
        byte[] output = new byte[8];
        engine.ProcessBlock(block, 0, output, 0);
        return output;
    }
}
