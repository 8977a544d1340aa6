using CardOS.Applets.BankHierarchy;
using CardOS.Cli.Commands;
using CardOS.Reader.InProcess;
using CardOS.Runtime;
using CardOS.Storage;
using CardOS.Tests.Reader.EndToEnd;

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

    [Test]
    public void Run_OntoADirectory_ExitsTwoWithOneLine()
    {
        var error = new StringWriter();

        Assert.That(IssueCommand.Run(new IssueCommand.IssueSettings("bank-user", _directory), TextWriter.Null, error), Is.EqualTo(2));

        Assert.That(error.ToString(), Is.EqualTo($"cardos issue: {_directory} is a directory; give the path of a new image file.{Environment.NewLine}"));
        Assert.That(Directory.GetFileSystemEntries(_directory), Is.Empty);
    }

    [Test]
    public void Run_IntoAMissingDirectory_ExitsTwoWithOneLine()
    {
        string missing = Path.Combine(_directory, "no-such-dir");
        string path = Path.Combine(missing, "alice.img");
        var error = new StringWriter();

        Assert.That(IssueCommand.Run(new IssueCommand.IssueSettings("bank-user", path), TextWriter.Null, error), Is.EqualTo(2));

        Assert.That(error.ToString(), Is.EqualTo($"cardos issue: Card image '{path}': cannot be created: no directory {missing}.{Environment.NewLine}"));
        Assert.That(Directory.Exists(missing), Is.False);
    }

    [Test]
    public void Run_OntoAFullDisk_ExitsTwoWithOneLineAndLeavesNothing()
    {
        // A 64 KiB tmpfs in a mount namespace of its own: the image's 147,540 bytes do not fit.
        ProcessResult result = RunCli("unshare", ["-rm", "sh", "-c"], "mount -t tmpfs -o size=64k tmpfs \"$1\" && cd \"$1\" && \"$2\" \"$3\" issue --card bank-user --image \"$1/alice.img\"; code=$?; ls -A \"$1\"; exit $code");
        if (result.StandardError.StartsWith("unshare:", StringComparison.Ordinal) || result.StandardError.StartsWith("mount:", StringComparison.Ordinal))
            Assert.Ignore($"no private tmpfs here: {result.StandardError}");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.StandardError);
        Assert.That(result.StandardError, Does.Match(@"^cardos issue: Card image '[^']+/alice\.img': cannot be created: .*disk was full.*\.\n$"));
        Assert.That(result.StandardOutput, Is.Empty, "no image and no temporary file left on the full disk");
    }

    [Test]
    public void Run_PastTheFileSizeLimit_ExitsTwoWithOneLineAndLeavesNothing()
    {
        // RLIMIT_FSIZE of 64 KiB (ulimit -f counts 1024-byte blocks), with SIGXFSZ ignored so the write fails with EFBIG
        // (and the runtime's W^X double mapping off: its memory file would not fit either).
        ProcessResult result = RunCli("bash", ["-c"], "ulimit -f 64 && trap '' XFSZ && DOTNET_EnableWriteXorExecute=0 \"$2\" \"$3\" issue --card bank-user --image \"$1/alice.img\"");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.StandardError);
        Assert.That(result.StandardError, Does.Match(@"^cardos issue: Card image '[^']+/alice\.img': cannot be created: .*too large.*\.\n$"));
        Assert.That(Directory.GetFileSystemEntries(_directory), Is.Empty, "no image and no temporary file left");
    }

    [TestCase("bank-user")]
    [TestCase("iso-fs")]
    public void Run_Profile_IsRecordedInTheImage(string profile)
    {
        string path = Path.Combine(_directory, "card.img");

        Assert.That(IssueCommand.Run(new IssueCommand.IssueSettings(profile, path), TextWriter.Null, TextWriter.Null), Is.Zero);

        using CardImageFile image = CardImageFile.OpenReadOnly(path);
        Assert.That(image.Profile, Is.EqualTo(profile));
    }

    /// <summary>Runs a shell script under <paramref name="program"/>: $1 the test directory, $2 the dotnet host, $3 CardOS.Cli.dll.</summary>
    private ProcessResult RunCli(string program, string[] arguments, string script) => ProcessRunner.Run(
        program,
        [.. arguments, script, "sh", _directory, Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", Path.Combine(TestContext.CurrentContext.TestDirectory, "CardOS.Cli.dll")],
        TimeSpan.FromSeconds(60));
}
