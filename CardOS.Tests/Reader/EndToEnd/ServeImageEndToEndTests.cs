using CardOS.Applets.BankHierarchy;
using CardOS.Cli.Commands;
using CardOS.Reader.Pcsc;

namespace CardOS.Tests.Reader.EndToEnd;

/// <summary>
/// <c>cardos serve --image</c>: a card keeps what a PC/SC client wrote across a restart of the card side; images made
/// by <c>cardos issue</c> serve, and <c>cardos inspect</c> decodes what the terminal did to them; a served session's
/// <c>--trace</c> file replays with <c>cardos script</c>.
/// </summary>
[CancelAfter(120_000)]
[NonParallelizable]
public class ServeImageEndToEndTests
{
    private const string SelectApplet = "00A4040409F0434152444F53465300";
    private const string SelectDf = "00A4040409F0434152444F53444600";
    private const string DfFcp = "621282013883027F108409F0434152444F5344469000";
    private const string VerifyPin = "002000810431323334";

    [OneTimeSetUp]
    public void RequireStack()
    {
        PcscEnvironment.RequireRunning();
        PcscEnvironment.RequirePyscard();
    }

    [Test]
    public async Task Serve_IsoFileSystemOnImage_UpdateSurvivesRestart(CancellationToken token)
    {
        string directory = Directory.CreateTempSubdirectory("cardos-serve-image-").FullName;
        string image = Path.Combine(directory, "card.img");
        try
        {
            using (ServeProcess serve = await ServeProcess.StartAsync(token, "--card", "iso-fs", "--image", image))
            {
                string[] answers = await Pyscard(token, SelectApplet, SelectDf, VerifyPin, "00D6810004CAFEF00D", "00B0810004");
                Assert.That(answers, Is.EqualTo((string[])["620782013883023F009000", DfFcp, "9000", "9000", "CAFEF00D9000"]), serve.Output);
                Assert.That(await serve.TerminateAsync(token), Is.Zero, serve.Output);
                Assert.That(serve.Output, Does.Contain("card.img"));
            }

            Assert.That(File.Exists(image), Is.True);
            using (ServeProcess serve = await ServeProcess.StartAsync(token, "--card", "iso-fs", "--image", image))
            {
                string[] answers = await Pyscard(token, SelectApplet, SelectDf, "00B0810004", "002000810430303030");
                Assert.That(answers, Is.EqualTo((string[])["620782013883023F009000", DfFcp, "CAFEF00D9000", "63C2"]), serve.Output);
                Assert.That(await serve.TerminateAsync(token), Is.Zero, serve.Output);
            }

            // The wrong PIN of the second run was paid for in EEPROM: a third run sees two tries left.
            using (ServeProcess serve = await ServeProcess.StartAsync(token, "--card", "iso-fs", "--image", image))
            {
                string[] answers = await Pyscard(token, SelectApplet, "00200081");
                Assert.That(answers[1], Is.EqualTo("63C2"), serve.Output);
                Assert.That(await serve.TerminateAsync(token), Is.Zero, serve.Output);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task IssueServePayInspect_BankCardsOverPcsc_InspectDecodesTheNewBalancesAndPassbooks(CancellationToken token)
    {
        string directory = Directory.CreateTempSubdirectory("cardos-issue-serve-").FullName;
        string carol = Path.Combine(directory, "carol.img");
        string bob = Path.Combine(directory, "bob.img");
        try
        {
            Assert.That(IssueCommand.Run(new IssueCommand.IssueSettings("bank-user", carol, Account: "1000000000000042", Name: "CAROL", Balance: 777), TextWriter.Null, TextWriter.Null), Is.Zero);
            Assert.That(IssueCommand.Run(new IssueCommand.IssueSettings("bank-user2", bob), TextWriter.Null, TextWriter.Null), Is.Zero);

            using (ServeProcess serve = await ServeProcess.StartAsync(token, "--card", "bank-user", "--image", carol, "--card", "bank-user2", "--image", bob))
            {
                await PcscEnvironment.WaitForCardAsync(PcscEnvironment.Reader1, token);
                using SCardContext context = SCardContext.Establish();
                using PcscCardChannel payerChannel = context.Connect(PcscEnvironment.Reader0);
                using PcscCardChannel payeeChannel = context.Connect(PcscEnvironment.Reader1);
                var payer = new BankCardClient(payerChannel);
                var payee = new BankCardClient(payeeChannel);
                payee.Select().ThrowIfFailed();
                payer.Select().ThrowIfFailed();

                // CAROL pays BOB 50 (below MIN_TRANS: no PIN) through pcscd.
                Assert.That(BankExchangeTerminal.Transfer(payer, payee, 50).IsCompleted, Is.True, serve.Output);
                Assert.That(await serve.TerminateAsync(token), Is.Zero, serve.Output);
            }

            string payerText = Inspect(carol);
            Assert.That(payerText, Does.Contain("  ACCOUNT_NUMBER  1000000000000042"));
            Assert.That(payerText, Does.Contain("  BALANCE         727 (currency 01)"));
            Assert.That(payerText, Does.Contain("  checksum        valid"));
            Assert.That(payerText, Does.Contain("  PASSBOOK        2 entries, newest first"));
            Assert.That(payerText, Does.Contain("    1   Paid                  50  BOB       1000000000000002      727"));
            Assert.That(payerText, Does.Contain("    2   Received             777  BRANCH1   7000000000000001      777"));
            Assert.That(payerText, Does.Not.Contain("APPKEY"));

            string payeeText = Inspect(bob);
            Assert.That(payeeText, Does.Contain("  BALANCE         1,050 (currency 01)"));
            Assert.That(payeeText, Does.Contain("    1   Received              50  CAROL     1000000000000042     1050"));
            Assert.That(payeeText, Does.Contain("    2   Received            1000  BRANCH1   7000000000000001     1000"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task ServeTrace_SessionOfAnExternalClient_ReplaysWithCardosScript(CancellationToken token)
    {
        string directory = Directory.CreateTempSubdirectory("cardos-serve-trace-").FullName;
        string trace = Path.Combine(directory, "session.apdu");
        try
        {
            using (ServeProcess serve = await ServeProcess.StartAsync(token, "--card", "diagnostic", "--trace", trace))
            {
                string[] answers = await Pyscard(token, "00A4040008F0436172644F5344", "8014000004", "8010000003CAFE0100", "8014000004", "00A4040005F000000099");
                Assert.That(answers, Is.EqualTo((string[])["9000", "000000019000", "CAFE019000", "000000029000", "6A82"]), serve.Output);
                Assert.That(await serve.TerminateAsync(token), Is.Zero, serve.Output);
            }

            string text = await File.ReadAllTextAsync(trace, token);
            Assert.That(text, Does.Contain("powerup; // slot 0: ATR "));
            Assert.That(text, Does.Contain("apdu 8014000004; expect 00000002 9000; // slot 0: CLA 80 INS 14 P1 00 P2 00 Le 4 -> 9000 (success), "));
            var output = new StringWriter();
            var error = new StringWriter();
            Assert.That(ScriptCommand.Run(trace, "diagnostic", imagePath: null, readerName: null, TextWriter.Null, output, error), Is.Zero, error + text);
            Assert.That(output.ToString(), Does.Contain("passed: 5 commands"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task Serve_ImageIsNotACardImage_ExitsWithClearError(CancellationToken token)
    {
        string path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, "not a card", token);
            ProcessResult result = await Task.Run(
                () => ProcessRunner.Run(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [Path.Combine(TestContext.CurrentContext.TestDirectory, "CardOS.Cli.dll"), "serve", "--card", "iso-fs", "--image", path], TimeSpan.FromSeconds(30)),
                token);
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.StandardError, Does.Contain(path));
            Assert.That(await File.ReadAllTextAsync(path, token), Is.EqualTo("not a card"), "a refused file is left untouched");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string Inspect(string image)
    {
        var output = new StringWriter();
        Assert.That(InspectCommand.Run(image, output, TextWriter.Null), Is.Zero);
        return output.ToString();
    }

    private static async Task<string[]> Pyscard(CancellationToken token, params string[] commands)
    {
        string script = Path.Combine(PcscEnvironment.RepositoryRoot, "CardOS.Tests", "Reader", "EndToEnd", "pyscard_transmit.py");
        ProcessResult result = await Task.Run(() => ProcessRunner.Run(PcscEnvironment.Python, [script, PcscEnvironment.Reader0], TimeSpan.FromSeconds(60), string.Join('\n', commands) + "\n"), token);
        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
