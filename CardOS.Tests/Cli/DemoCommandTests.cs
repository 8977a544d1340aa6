using System.Text.RegularExpressions;
using CardOS.Cli.Commands;
using CardOS.Cli.Scripting;

namespace CardOS.Tests.Cli;

/// <summary><c>cardos demo</c> prints one format throughout: the APDU trace of docs/reader.md, with the story in comments.</summary>
public partial class DemoCommandTests
{
    [Test]
    public void Run_EveryLine_IsATraceStatementOrAComment_AndTheWholeOutputParsesAsAScript()
    {
        var output = new StringWriter();

        DemoCommand.Run(output);

        string text = output.ToString();
        foreach (string line in text.Split(Environment.NewLine))
        {
            if (line.Length == 0 || line.StartsWith("// ", StringComparison.Ordinal))
                continue;
            Assert.That(TraceLine().IsMatch(line), Is.True, line);
        }

        Assert.That(text, Does.Contain("// == Bank hierarchy").And.Contain("// == Purse").And.Contain("// == Security card"));
        Assert.DoesNotThrow(() => ApduScript.Parse(text));
    }

    [Test]
    public void Run_PinsAndKeys_AreMasked()
    {
        var output = new StringWriter();

        DemoCommand.Run(output);

        string text = output.ToString();
        Assert.That(text, Does.Contain("apdu 0020008104********; expect 63C2;"), "the file system's wrong PIN");
        Assert.That(text, Does.Not.Contain("0020008104313233"), "PIN 1234 never shows");
        Assert.That(text, Does.Not.Contain("241234FFFFFFFFFF"), "nor as an ISO 9564 PIN block");
    }

    [GeneratedRegex(@"^(powerup|reset|powerdown); // [^:]+(: ATR [0-9A-F]+)?$|^apdu [0-9A-F*]+; expect ([0-9A-F]+ )?[0-9A-F]{4}; // [A-Za-z0-9 ]+: CLA [0-9A-F]{2} INS .* -> .*, \d+ us$")]
    private static partial Regex TraceLine();
}
