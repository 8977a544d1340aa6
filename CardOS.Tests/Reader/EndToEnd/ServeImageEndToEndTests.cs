namespace CardOS.Tests.Reader.EndToEnd;

/// <summary><c>cardos serve --image</c>: a card keeps what a PC/SC client wrote across a restart of the card side.</summary>
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

    private static async Task<string[]> Pyscard(CancellationToken token, params string[] commands)
    {
        string script = Path.Combine(PcscEnvironment.RepositoryRoot, "CardOS.Tests", "Reader", "EndToEnd", "pyscard_transmit.py");
        ProcessResult result = await Task.Run(() => ProcessRunner.Run(PcscEnvironment.Python, [script, PcscEnvironment.Reader0], TimeSpan.FromSeconds(60), string.Join('\n', commands) + "\n"), token);
        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
