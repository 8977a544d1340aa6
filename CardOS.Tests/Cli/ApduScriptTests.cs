using CardOS.Cli.Scripting;
using CardOS.Runtime;
using CardOS.Tests.Runtime;

namespace CardOS.Tests.Cli;

public class ApduScriptTests
{
    private const string Passing = """
        // apdutool form: CLA INS P1 P2 LC data LE
        powerup;
        0x00 0xA4 0x04 0x00 0x05 0xF0 0x00 0x00 0x00 0x01 0x00;
        expect 9000;
        echo "echo two bytes";
        0x00 0x10 0x00 0x00 0x02 0xCA 0xFE 0x7F;
        expect CAFE 9000;
        /* raw form, wildcards */
        apdu 00200003 02;
        expect 00?? 61??;
        apdu 00C0000001;
        expect * 9000;
        powerdown;
        """;

    [Test]
    public void Run_PassingScript_Succeeds()
    {
        var output = new StringWriter();
        ScriptResult result = Run(Passing, output);
        Assert.That(result.Success, Is.True, result.Message);
        Assert.That(result.Commands, Is.EqualTo(4));
        Assert.That(output.ToString(), Does.Contain("< CAFE 9000"));
        Assert.That(output.ToString(), Does.Contain("echo two bytes"));
    }

    [Test]
    public void Run_WrongExpectation_FailsWithDiffAtTheLine()
    {
        const string script = """
            powerup;
            apdu 00A4040005F000000001;
            expect 9000;
            apdu 0010000002CAFE00;
            expect CAFF 9000;
            apdu 00A4040005F000000002;
            """;
        ScriptResult result = Run(script, TextWriter.Null);
        Assert.That(result.Success, Is.False);
        Assert.That(result.Line, Is.EqualTo(5));
        Assert.That(result.Commands, Is.EqualTo(2), "the script stops at the first mismatch");
        Assert.That(result.Message, Is.EqualTo(
            "line 5: response does not match\n" +
            "  command  0010000002CAFE00\n" +
            "  expected CAFF 9000\n" +
            "  got      CAFE 9000\n" +
            "              ^"));
    }

    [Test]
    public void Run_PowerCutDuringTransaction_CardMuteThenStateRolledBack()
    {
        const string script = """
            powerup;
            apdu 00A4040005F000000001;
            expect 9000;
            powercut 1;
            apdu 00520000;       // writes the counter inside a transaction left open
            expect mute;
            powerup;
            apdu 00A4040005F000000001;
            apdu 0054000000;
            expect 00000000 9000;
            """;
        ScriptResult result = Run(script, TextWriter.Null);
        Assert.That(result.Success, Is.True, result.Message);
    }

    [TestCase("0x00 0xA4 0x04;", "line 1: an apdutool APDU is CLA INS P1 P2 LC, LC data bytes, then LE (3 bytes given, LC 0).")]
    [TestCase("powerup;\n0x00 0xA4 0x04 0x00 0x02 0x3F 0x7F;", "line 2: an apdutool APDU is CLA INS P1 P2 LC, LC data bytes, then LE (7 bytes given, LC 2).")]
    [TestCase("powerup;\nfrobnicate;", "line 2: unknown statement 'frobnicate'.")]
    [TestCase("powerup", "line 1: the last statement has no ';'.")]
    [TestCase("expect 90;", "line 1: a status word pattern has four hex digits (or ?), not '90'.")]
    [TestCase("0x00 0xZZ 0x00 0x00 0x00 0x00;", "line 1: '0xZZ' is not a byte written 0xNN.")]
    [TestCase("echo hello;", "line 1: echo takes a quoted string.")]
    [TestCase("powercut -1;", "line 1: '-1' is not a write count.")]
    [TestCase("powerup;\ndelay 99999999999;\napdu 00A4040005F000000001;", "line 2: delay takes milliseconds from 0 to 2,147,483,647, not '99999999999'")]
    [TestCase("delay -1;\napdu 00A4040005F000000001;", "line 1: delay takes milliseconds from 0 to 2,147,483,647, not '-1'")]
    [TestCase("powerup;\napdu 00A4040005F000000001;\n/* the rest\napdu 0010000002CAFE00;\nexpect CAFF 9000;\n", "line 3: this '/*' comment is never closed with '*/', so the rest of the script would be ignored")]
    [TestCase("", "line 1: the script is empty: it has no statement (a statement ends with ';')")]
    [TestCase("// only a comment\n/* and another */\n\n", "line 2: the script is empty: it has no statement (a statement ends with ';')")]
    [TestCase("powerup;\necho \"hi\";\npowerdown;", "line 3: the script sends no command APDU, so it tests nothing")]
    [TestCase("apdu 00A4*;", "line 1: '00A4*' has an odd number of digits")]
    [TestCase("apdu 0020008104****zz**;", "line 1: '0020008104****zz**' is not hex (masked digits are '*')")]
    [TestCase("apdu ;", "line 1: apdu takes the command's bytes in hex")]
    [TestCase("powerup;\necho \"never closed;\napdu 00A4040005F000000001;\n", "line 2: this string is never closed with '\"', so the rest of the script would be part of it")]
    public void Parse_MalformedScript_ThrowsWithLine(string script, string message)
    {
        var exception = Assert.Throws<FormatException>(() => ApduScript.Parse(script));
        Assert.That(exception!.Message, Is.EqualTo(message));
    }

    [Test]
    public void Parse_MaskedCommandFromATrace_ParsesButRefusesToRun()
    {
        ApduScript script = ApduScript.Parse("powerup;\napdu 0020008104********; expect 9000; // VERIFY (secret data masked)\n");

        Assert.That(script.Statements[1], Is.EqualTo(new MaskedApduStatement(2, "0020008104********")));
        ScriptResult result = Run("powerup;\napdu 0020008104********;\nexpect 9000;\n", TextWriter.Null);
        Assert.That(result.Success, Is.False);
        Assert.That(result.Message, Is.EqualTo("line 2: this command's data was masked as a secret when it was traced, so it cannot be sent"));
    }

    private static ScriptResult Run(string script, TextWriter output)
    {
        var card = GoldenCardTests.CreateReader(new CardOptions()).Card;
        card.PowerOff();
        return new ScriptRunner(new InProcessScriptTarget(card), output).Run(ApduScript.Parse(script));
    }
}
