using CardOS.Cli.Commands;
using CardOS.Reader.InProcess;
using CardOS.Runtime;

namespace CardOS.Tests.FileSystem;

public class FileSystemDemoSectionTests
{
    private static readonly string[] ExpectedStatusWords = ["9000", "9000", "9000", "9000", "6982", "63C2", "9000", "9000", "9000", "9000", "9000", "6982"];

    [Test]
    public void Run_FreshCard_PrintsEachExchangeWithItsDocumentedStatusWord()
    {
        var card = new Card();
        using var output = new StringWriter();
        using (var printer = new ApduTracePrinter(output, new InProcessReader(card), "card"))
            FileSystemDemoSection.Run(card, printer);

        // Each exchange is a trace line: "apdu COMMAND; expect [DATA] SW; // card: ...".
        string[] responses = output.ToString().Split('\n').Where(line => line.StartsWith("apdu ", StringComparison.Ordinal)).Select(line => line.Split("; ")[1]).ToArray();
        string[] statusWords = responses.Select(expect => expect.Split(' ')[^1]).ToArray();
        Assert.That(statusWords, Is.EqualTo(ExpectedStatusWords));
        Assert.That(responses[0], Is.EqualTo("expect 620782013883023F00 9000"));
    }
}
