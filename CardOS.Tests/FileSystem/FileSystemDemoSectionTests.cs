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
        FileSystemDemoSection.Run(card, new ApduTracePrinter(new InProcessReader(card), output));

        string[] responses = output.ToString().Split('\n').Where(line => line.TrimStart().StartsWith('<')).Select(line => line.Trim()).ToArray();
        string[] statusWords = responses.Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^3]).ToArray();
        Assert.That(statusWords, Is.EqualTo(ExpectedStatusWords));
        Assert.That(responses[0], Does.StartWith("< 620782013883023F00 9000"));
    }
}
