using System.Text.RegularExpressions;
using CardOS.Apdu;
using CardOS.Cli.Profiles;
using CardOS.Reader.InProcess;
using CardOS.Reader.Pcsc;

namespace CardOS.Tests.Reader.EndToEnd;

/// <summary>Cards behind the real pcscd, driven by PC/SC clients nobody here wrote: pyscard, scriptor, pcsc_scan, opensc-tool.</summary>
[CancelAfter(120_000)]
[NonParallelizable]
public partial class ExternalClientEndToEndTests
{
    [OneTimeSetUp]
    public void RequireStack() => PcscEnvironment.RequireRunning();

    [Test]
    public async Task Pyscard_GoldenVectorsThroughPcscd_SameBytesAsInProcess(CancellationToken token)
    {
        PcscEnvironment.RequirePyscard();
        var inProcess = new InProcessReader(CardProfiles.Find("diagnostic")!.CreateCard());
        var expected = new List<string>();
        foreach ((string command, string golden) in GoldenVectors.Diagnostic)
        {
            string local = inProcess.Transmit(command).ToString();
            Assert.That(local, Is.EqualTo(golden), command);
            expected.Add(local);
        }

        await using ServedCard served = await ServedCard.StartAsync(CardProfiles.Find("diagnostic")!.CreateCard(), token);
        string script = Path.Combine(PcscEnvironment.RepositoryRoot, "CardOS.Tests", "Reader", "EndToEnd", "pyscard_transmit.py");
        string input = string.Join('\n', GoldenVectors.Diagnostic.Select(v => v.Command)) + "\n";
        ProcessResult result = await Task.Run(() => ProcessRunner.Run(PcscEnvironment.Python, [script, served.Reader], TimeSpan.FromSeconds(60), input), token);

        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        string[] answers = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.That(answers, Is.EqualTo(expected));
    }

    [Test]
    public async Task Serve_ScriptorRunsDocumentedScript_GetsDocumentedAnswers(CancellationToken token)
    {
        PcscEnvironment.RequireTool("scriptor", "pcsc-tools");
        using ServeProcess serve = await ServeProcess.StartAsync(token, "--card", "diagnostic");
        string script = Path.Combine(PcscEnvironment.RepositoryRoot, "docs", "examples", "diagnostic.scriptor");

        ProcessResult result = await Task.Run(() => ProcessRunner.Run("scriptor", ["-r", PcscEnvironment.Reader0, script], TimeSpan.FromSeconds(30)), token);

        Assert.That(result.ExitCode, Is.Zero, result.StandardOutput + result.StandardError);
        (List<string> answers, List<string> documented) = ParseScriptorTranscript(result.StandardOutput);
        Assert.That(documented, Has.Count.EqualTo(12));
        Assert.That(answers, Is.EqualTo(documented), result.StandardOutput);
        Assert.That(await serve.TerminateAsync(token), Is.Zero, serve.Output);
    }

    [Test]
    public async Task Serve_PcscScan_ShowsCardInVirtualPcd0000(CancellationToken token)
    {
        PcscEnvironment.RequireTool("pcsc_scan", "pcsc-tools");
        using ServeProcess serve = await ServeProcess.StartAsync(token, "--card", "diagnostic");
        string atr = Spaced(CardProfiles.Find("diagnostic")!.CreateCard().Atr);

        // -c: list the cards and exit; -n: no ATR analysis (it needs a network list).
        ProcessResult result = await Task.Run(() => ProcessRunner.Run("pcsc_scan", ["-c", "-n"], TimeSpan.FromSeconds(30)), token);

        Assert.That(result.TimedOut, Is.False);
        Assert.That(result.StandardOutput, Does.Match(@"Reader 0: Virtual PCD 00 00\s+Event number: \d+\s+Card state: Card inserted"));
        Assert.That(result.StandardOutput, Does.Contain("ATR: " + atr));
        Assert.That(await serve.TerminateAsync(token), Is.Zero, serve.Output);
    }

    [Test]
    public async Task Serve_OpenscToolAtr_PrintsTheCardAtr(CancellationToken token)
    {
        PcscEnvironment.RequireTool("opensc-tool", "opensc");
        using ServeProcess serve = await ServeProcess.StartAsync(token, "--card", "diagnostic");
        string atr = Convert.ToHexString(CardProfiles.Find("diagnostic")!.CreateCard().Atr).ToLowerInvariant();

        ProcessResult result = await Task.Run(() => ProcessRunner.Run("opensc-tool", ["-r", "0", "-a"], TimeSpan.FromSeconds(30)), token);

        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        Assert.That(result.StandardOutput.Trim().Replace(":", string.Empty, StringComparison.Ordinal), Is.EqualTo(atr));
        Assert.That(await serve.TerminateAsync(token), Is.Zero, serve.Output);
    }

    [Test]
    public async Task Serve_StdinRemoveInsertCycle_TerminalSeesRemovalAndReinsertion(CancellationToken token)
    {
        using ServeProcess serve = await ServeProcess.StartAsync(token, "--card", "diagnostic", "--trace");
        using SCardContext context = SCardContext.Establish();

        await serve.SendLineAsync("remove");
        await context.WaitForCardRemovalAsync(PcscEnvironment.Reader0, token);
        Assert.Throws<NoSmartcardException>(() => context.Connect(PcscEnvironment.Reader0));

        await serve.SendLineAsync("insert");
        await PcscEnvironment.WaitForCardAsync(PcscEnvironment.Reader0, token);
        using (PcscCardChannel channel = context.Connect(PcscEnvironment.Reader0))
        {
            Assert.That(channel.Transmit("00A4040008F0436172644F5344").ToString(), Is.EqualTo("9000"));
            Assert.That(channel.Transmit("8014000000").ToString(), Is.EqualTo("000000019000"));
        }

        // A power cycle: the terminal sees the card go and come back, RAM state gone, EEPROM kept.
        var state = new SCardReaderState(PcscEnvironment.Reader0);
        context.GetStatusChange(TimeSpan.Zero, [state]);
        state.Acknowledge();
        int before = state.EventCount;
        await serve.SendLineAsync("cycle");
        await PcscEnvironment.WaitForEmptyAsync(PcscEnvironment.Reader0, token).ConfigureAwait(false);
        await PcscEnvironment.WaitForCardAsync(PcscEnvironment.Reader0, token);
        context.GetStatusChange(TimeSpan.Zero, [state]);
        Assert.That(state.EventCount, Is.GreaterThanOrEqualTo(before + 2), "a removal and an insertion");
        using (PcscCardChannel channel = context.Connect(PcscEnvironment.Reader0))
        {
            Assert.That(channel.Transmit("8014000000").ToString(), Is.EqualTo("6999"));
            Assert.That(channel.Transmit("00A4040008F0436172644F5344").ToString(), Is.EqualTo("9000"));
            Assert.That(channel.Transmit("8014000000").ToString(), Is.EqualTo("000000029000"));
        }

        Assert.That(await serve.TerminateAsync(token), Is.Zero, serve.Output);
        string output = serve.Output;
        Assert.That(output, Does.Contain("ok: slot 0 removed").And.Contain("ok: slot 0 inserted").And.Contain("ok: slot 0 power-cycled"));
        Assert.That(output, Does.Contain("apdu 00A4040008F0436172644F5344; expect 9000; // slot 0: CLA 00 INS A4 (SELECT) P1 04 P2 00 Lc 8 -> 9000 (success), "));
        Assert.That(output, Does.Contain("apdu 8014000000; expect 00000001 9000; // slot 0: "));
        Assert.That(output, Does.Contain("powerdown; // slot 0"));
        Assert.That(output, Does.Contain("stopped"));
    }

    [Test]
    public async Task Serve_Sigterm_StopsCleanlyAndCardLeavesTheReader(CancellationToken token)
    {
        using ServeProcess serve = await ServeProcess.StartAsync(token, "--card", "blank");

        Assert.That(await serve.TerminateAsync(token), Is.Zero, serve.Output);

        Assert.That(serve.Output, Does.Contain("stopped"));
        await PcscEnvironment.WaitForEmptyAsync(PcscEnvironment.Reader0, token);
    }

    [Test]
    public async Task Serve_TwoCards_EachInItsOwnReader(CancellationToken token)
    {
        using (SCardContext probe = SCardContext.Establish())
            PcscEnvironment.Require(probe.GetReaders().Contains(PcscEnvironment.Reader1), $"a second vpcd reader '{PcscEnvironment.Reader1}'");
        await PcscEnvironment.WaitForEmptyAsync(PcscEnvironment.Reader1, token);
        using ServeProcess serve = await ServeProcess.StartAsync(token, "--card", "diagnostic", "--card", "diagnostic-t0");
        await PcscEnvironment.WaitForCardAsync(PcscEnvironment.Reader1, token);
        using SCardContext context = SCardContext.Establish();

        using (PcscCardChannel first = context.Connect(PcscEnvironment.Reader0))
        using (PcscCardChannel second = context.Connect(PcscEnvironment.Reader1))
        {
            Assert.That(first.ActiveProtocol, Is.EqualTo(SCardProtocol.T1));
            Assert.That(second.ActiveProtocol, Is.EqualTo(SCardProtocol.T0));
            Assert.That(first.Transmit("00A4040008F0436172644F5344").ToString(), Is.EqualTo("9000"));
            Assert.That(second.Transmit("00A4040008F0436172644F5344").ToString(), Is.EqualTo("9000"));
        }

        Assert.That(await serve.TerminateAsync(token), Is.Zero, serve.Output);
        await PcscEnvironment.WaitForEmptyAsync(PcscEnvironment.Reader1, token);
    }

    [TestCase("unknown card profile", "--card", "no-such-profile")]
    [TestCase("2 --image for 1 --card; give one image per card, or none.", "--image", "/tmp/cardos-a.img", "--image", "/tmp/cardos-b.img")]
    public void Serve_BadArguments_ExitCode2WithMessage(string message, params string[] arguments)
    {
        string cli = Path.Combine(TestContext.CurrentContext.TestDirectory, "CardOS.Cli.dll");
        ProcessResult result = ProcessRunner.Run(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [cli, "serve", .. arguments], TimeSpan.FromSeconds(30));
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.StandardError, Does.Contain(message));
    }

    private static string Spaced(ReadOnlySpan<byte> bytes) => string.Join(' ', Convert.ToHexString(bytes).Chunk(2).Select(c => new string(c)));

    /// <summary>The answers scriptor printed ("&lt; ..." up to " : " or "OK:") and the "# =>" answers the script documents.</summary>
    private static (List<string> Answers, List<string> Documented) ParseScriptorTranscript(string transcript)
    {
        var answers = new List<string>();
        var documented = new List<string>();
        string? pending = null;
        foreach (string raw in transcript.Split('\n'))
        {
            string line = raw.TrimEnd();
            if (line.StartsWith("< ", StringComparison.Ordinal))
            {
                pending = line[2..];
            }
            else if (pending is not null && !line.StartsWith('#') && !line.StartsWith('>'))
            {
                pending += " " + line;
            }

            if (pending is not null && (pending.Contains(" : ", StringComparison.Ordinal) || pending.StartsWith("OK:", StringComparison.Ordinal)))
            {
                answers.Add(pending.StartsWith("OK:", StringComparison.Ordinal) ? "OK" : Normalize(pending[..pending.IndexOf(" : ", StringComparison.Ordinal)]));
                pending = null;
            }

            if (line.StartsWith("# => ", StringComparison.Ordinal))
                documented.Add(Normalize(line[5..]));
        }

        return (answers, documented);
    }

    private static string Normalize(string hex) => WhiteSpace().Replace(hex, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
