using CardOS.Applets.BankHierarchy;
using CardOS.Cli.Commands;
using CardOS.Reader.InProcess;
using CardOS.Runtime;
using CardOS.Storage;

namespace CardOS.Tests.Cli;

public class IssueCommandTests
{
    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("cardos-issue-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void IssueThenPayThenInspect_BankUser_DecodesAccountBalanceKeysAndPassbook()
    {
        string alice = Path.Combine(_directory, "alice.img");
        string bob = Path.Combine(_directory, "bob.img");
        Assert.That(IssueCommand.Run(new IssueCommand.IssueSettings("bank-user", alice, Account: "1000000000000042", Name: "CAROL", Balance: 777), TextWriter.Null, TextWriter.Null), Is.Zero);
        Assert.That(IssueCommand.Run(new IssueCommand.IssueSettings("bank-user2", bob), TextWriter.Null, TextWriter.Null), Is.Zero);

        // The two images in an in-process terminal: CAROL pays BOB 50 (below MIN_TRANS: no PIN).
        using (CardImageFile payerImage = CardImageFile.Open(alice))
        using (CardImageFile payeeImage = CardImageFile.Open(bob))
        {
            var payerCard = new Card(new CardOptions(), payerImage);
            var payeeCard = new Card(new CardOptions(), payeeImage);
            BankCardApplet.Install(payerCard, BankTestKeys.TransportKey);
            BankCardApplet.Install(payeeCard, BankTestKeys.TransportKey);
            var payer = new BankCardClient(new InProcessReader(payerCard));
            var payee = new BankCardClient(new InProcessReader(payeeCard));
            payee.Select().ThrowIfFailed();
            payer.Select().ThrowIfFailed();
            Assert.That(BankExchangeTerminal.Transfer(payer, payee, 50).IsCompleted, Is.True);
            payerCard.PowerOff();
            payeeCard.PowerOff();
        }

        var output = new StringWriter();
        Assert.That(InspectCommand.Run(alice, output, TextWriter.Null), Is.Zero);
        string text = output.ToString();
        Assert.That(text, Does.Contain("bank     applet F0000668579001"));
        Assert.That(text, Does.Contain("  role            Consumer, Active, profile Des"));
        Assert.That(text, Does.Contain("  ACCOUNT_NUMBER  1000000000000042"));
        Assert.That(text, Does.Contain("  BALANCE         727 (currency 01)"));
        Assert.That(text, Does.Contain("  checksum        valid"));
        Assert.That(text, Does.Contain("  KEY_INFO        keys 1-4, updated 11012026"));
        Assert.That(text, Does.Contain("  BAD_KEY         0"));
        Assert.That(text, Does.Contain("  PASSBOOK        2 entries, newest first"));
        Assert.That(text, Does.Contain("    1   Paid                  50  BOB       1000000000000002      727"));
        Assert.That(text, Does.Contain("    2   Received             777  BRANCH1   7000000000000001      777"));
        Assert.That(text, Does.Not.Contain("APPKEY"));
    }

    [Test]
    public void Run_ExistingImage_RefusesAndLeavesItAlone()
    {
        string path = Path.Combine(_directory, "card.img");
        File.WriteAllText(path, "not mine");
        var error = new StringWriter();

        Assert.That(IssueCommand.Run(new IssueCommand.IssueSettings("bank-user", path), TextWriter.Null, error), Is.EqualTo(2));
        Assert.That(File.ReadAllText(path), Is.EqualTo("not mine"));
        Assert.That(error.ToString(), Does.Contain("never overwrites"));
    }

    [TestCase("iso-fs")]
    [TestCase("bank-center")]
    [TestCase("bank-admin")]
    public void Run_Profile_WritesAnImageInspectCanRead(string profile)
    {
        string path = Path.Combine(_directory, "card.img");

        Assert.That(IssueCommand.Run(new IssueCommand.IssueSettings(profile, path), TextWriter.Null, TextWriter.Null), Is.Zero);

        var output = new StringWriter();
        Assert.That(InspectCommand.Run(path, output, TextWriter.Null), Is.Zero);
        Assert.That(output.ToString(), Does.Contain("objects"));
    }
}
