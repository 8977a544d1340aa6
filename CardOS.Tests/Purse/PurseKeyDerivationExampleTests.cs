using System.Text;
using CardOS.Applets.Purse;
using CardOS.Applets.Purse.Commands;
using CardOS.Tests.Docs;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace CardOS.Tests.Purse;

/// <summary>
/// The key-derivation worked example of docs/applets/purse.md (master key → card key → S1, S2, S3), every value read
/// from the page and recomputed independently with AES-CMAC, so the page alone reproduces the golden bytes.
/// </summary>
public class PurseKeyDerivationExampleTests
{
    private const string Heading = "**Card key derivation**";
    private static readonly DocPage Page = DocPage.Read("applets/purse.md");

    [Test]
    public void KdfInput_IsTheDocumentedEncodingWithAnEightBitCounter()
    {
        byte[] expected = [0x01, .. Encoding.ASCII.GetBytes("CardOS purse purchase"), 0x00, .. PurseTestKeys.IssuerId, .. PurseTestKeys.CardNumber, 0x00, 0x00, 0x00, 0x80];
        Assert.That(Page.Value(Heading, "master key"), Is.EqualTo(PurseTestKeys.PurchaseMasterKey.ToArray()));
        Assert.That(Page.Value(Heading, "KDF input"), Is.EqualTo(expected));
    }

    [Test]
    public void CardKey_IsOneCmacOfTheKdfInput_AndWhatThePurseHolds()
    {
        byte[] master = Page.Value(Heading, "master key");
        byte[] cardKey = Page.Value(Heading, "card key");
        Assert.That(Cmac(master, Page.Value(Heading, "KDF input")), Is.EqualTo(cardKey), "AES-CMAC of the page's input");
        Assert.That(PurseKeys.DerivePurchaseKey(master, PurseTestKeys.IssuerId, PurseTestKeys.CardNumber), Is.EqualTo(cardKey), "the code's derivation");

        // The usual SP 800-108 profile with a 32-bit counter gives another key: the page says 8 bits for this reason.
        byte[] withWideCounter = [0x00, 0x00, 0x00, .. Page.Value(Heading, "KDF input")];
        Assert.That(Cmac(master, withWideCounter), Is.Not.EqualTo(cardKey));
    }

    [Test]
    public void Signatures_FromThePageAlone_MatchThePurseAndThePsam()
    {
        byte[] cardKey = Page.Value(Heading, "card key");
        byte[] s1Input = Page.Value(Heading, "S1 input");
        byte[] s1 = Page.Value(Heading, "S1");
        Assert.That(Cmac(cardKey, s1Input)[..8], Is.EqualTo(s1));
        Assert.That(Cmac(cardKey, Page.Value(Heading, "S2 input"))[..8], Is.EqualTo(Page.Value(Heading, "S2")));
        Assert.That(Cmac(cardKey, Page.Value(Heading, "S3 input"))[..8], Is.EqualTo(Page.Value(Heading, "S3")));

        // The fresh test purse answers exactly the page's S1 input and S1.
        var world = new PurseWorld();
        world.SelectAll();
        InitializeForPurchaseResponse init = world.PurseReader.Send(new InitializeForPurchaseCommand());
        byte[] answer = init.Response.Data.ToArray();
        Assert.That(answer[..28], Is.EqualTo(s1Input[1..]));
        Assert.That(answer[28..], Is.EqualTo(s1));
    }

    private static byte[] Cmac(byte[] key, byte[] input)
    {
        var mac = new CMac(new AesEngine());
        mac.Init(new KeyParameter(key));
        mac.BlockUpdate(input, 0, input.Length);
        byte[] output = new byte[16];
        mac.DoFinal(output, 0);
        return output;
    }
}
