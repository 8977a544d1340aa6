using CardOS.Cli.Commands;

namespace CardOS.Tests.Cli;

/// <summary><c>cardos script</c> against the diagnostic profile: exit codes and what it prints.</summary>
public class ScriptCommandTests
{
    private const string Select = "apdu 00A4040008F043617264 4F5344;\nexpect 9000;\n";

    [Test]
    public void Run_PassingScript_ExitsZero()
    {
        (int exit, string output, string error) = Run("powerup;\n" + Select + "apdu 8014000004;\nexpect 00000001 9000;\napdu 8014000004;\nexpect 00000002 9000;\n");
        Assert.That(exit, Is.Zero, error);
        Assert.That(output, Does.EndWith("passed: 3 commands" + Environment.NewLine));
    }

    [Test]
    public void Run_MismatchedResponse_ExitsOneWithDiff()
    {
        (int exit, _, string error) = Run("powerup;\n" + Select + "apdu 8010000002CAFE00;\nexpect CAFF 9000;\n");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain("line 5: response does not match"));
        Assert.That(error, Does.Contain("  expected CAFF 9000\n  got      CAFE 9000\n              ^"));
    }

    [Test]
    public void Run_PowerCutInsideIncrement_CounterUnchangedAfterPowerUp()
    {
        // INCREMENT writes its journal entry, marker and data: a cut at its first write leaves the counter as it was.
        (int exit, _, string error) = Run("powerup;\n" + Select + "apdu 8014000004;\nexpect 00000001 9000;\npowercut 0;\napdu 8014000004;\nexpect mute;\npowerup;\n" + Select + "apdu 8014000004;\nexpect 00000002 9000;\n");
        Assert.That(exit, Is.Zero, error);
    }

    [Test]
    public void Run_ScriptDoesNotParse_ExitsTwoNamingTheLine()
    {
        (int exit, _, string error) = Run("powerup;\nfrobnicate;\n");
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("line 2: unknown statement 'frobnicate'."));
    }

    [TestCase("powerup;\ndelay 99999999999;\n", "line 2: delay takes milliseconds")]
    [TestCase("powerup;\n" + Select + "/* never closed\napdu 8014000004;\n", "line 4: this '/*' comment is never closed")]
    [TestCase("", "line 1: the script is empty")]
    [TestCase("powerup;\napdu 0020008104********; expect 9000;\n", "line 2: this command's data was masked as a secret when it was traced, so it cannot be sent; write its data in place of the '*' digits, or trace with --trace-secrets to replay the session.")]
    public void Run_ScriptThatCannotRun_ExitsTwoNamingTheLineAndRunsNothing(string script, string expected)
    {
        (int exit, string output, string error) = Run(script);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain(expected));
        Assert.That(error.TrimEnd(), Does.Not.EndWith(".."));
        Assert.That(output, Does.Not.Contain("passed"));
    }

    [TestCase("--image x.img")]
    [TestCase("--card iso-fs")]
    public async Task CommandLine_ReaderWithAnInProcessOption_IsRefusedInOneLine(string option)
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "powerup;\n" + Select);
            (int exit, _, string[] errors) = await CommandLineTests.Run($"script {path} --reader Virtual_PCD {option}");

            Assert.That(exit, Is.EqualTo(2));
            Assert.That(errors.Single(), Is.EqualTo($"cardos script: {option.Split(' ')[0]} is for an in-process card; --reader runs against the card in a PC/SC reader, so give one or the other."));
            Assert.That(File.Exists("x.img"), Is.False, "no image was created");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Run_UnknownProfile_ExitsTwo()
    {
        (int exit, _, string error) = Run("powerup;\n", profile: "no-such-card");
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("unknown card profile 'no-such-card'"));
    }

    private static (int Exit, string Output, string Error) Run(string script, string profile = "diagnostic")
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, script);
            var output = new StringWriter();
            var error = new StringWriter();
            int exit = ScriptCommand.Run(path, profile, imagePath: null, readerName: null, TextWriter.Null, output, error);
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
