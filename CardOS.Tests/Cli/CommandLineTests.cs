using System.Text.RegularExpressions;
using CardOS.Cli.Hosting;

namespace CardOS.Tests.Cli;

/// <summary>
/// The <c>cardos</c> command line as a user meets it: a wrong option is one line naming the option and what it accepts,
/// then one line pointing at --help; exit code 2; never a .NET type name, the whole help, or "..".
/// </summary>
public class CommandLineTests
{
    [TestCase("simulate --users abc", "cardos simulate: --users: 'abc' is not a whole number from 2 to 2,147,483,647.")]
    [TestCase("simulate --payments -5", "cardos simulate: --payments: -5 is out of range: it accepts a whole number from 0 to 2,147,483,647.")]
    [TestCase("simulate --payments x", "cardos simulate: --payments: 'x' is not a whole number from 0 to 2,147,483,647.")]
    [TestCase("simulate --regions 0", "cardos simulate: --regions: 0 is out of range: it accepts a whole number from 1 to 2,147,483,647.")]
    [TestCase("simulate --branches 9999999999", "cardos simulate: --branches: '9999999999' is not a whole number from 1 to 2,147,483,647.")]
    [TestCase("simulate --seed 1.5", "cardos simulate: --seed: '1.5' is not a whole number from -2,147,483,648 to 2,147,483,647.")]
    [TestCase("simulate --profile rsa", "cardos simulate: --profile: 'rsa' is not des or aes.")]
    [TestCase("issue --card bank-user --image x.img --balance -1", "cardos issue: --balance: '-1' is not a whole number from 0 to 4,294,967,295.")]
    [TestCase("issue --card bank-user", "cardos issue: --image is required: a file path.")]
    [TestCase("issue --image x.img --card", "cardos issue: --card needs a value: a text value.")]
    [TestCase("serve --port x", "cardos serve: --port: 'x' is not a whole number from 1 to 65,535.")]
    [TestCase("serve --port 70000", "cardos serve: --port: 70,000 is out of range: it accepts a whole number from 1 to 65,535.")]
    [TestCase("serve --connect-timeout soon", "cardos serve: --connect-timeout: 'soon' is not a number of seconds from 1 to 2,147,483,647.")]
    [TestCase("serve --reversed maybe", "cardos serve: unrecognized command or argument 'maybe'.")]
    [TestCase("script", "cardos script: <file> is required: a file path.")]
    [TestCase("script a.apdu b.apdu", "cardos script: unrecognized command or argument 'b.apdu'.")]
    [TestCase("inspect", "cardos inspect: <image> is required: a file path.")]
    [TestCase("image-commit-loop --image a.img --durability Sometimes", "cardos image-commit-loop: --durability: 'Sometimes' is not one of Buffered, WriteThrough.")]
    [TestCase("image-commit-loop --image a.img --count many", "cardos image-commit-loop: --count: 'many' is not a whole number from -9,223,372,036,854,775,808 to 9,223,372,036,854,775,807.")]
    [TestCase("demo --fast", "cardos demo: unrecognized command or argument '--fast'.")]
    [TestCase("frobnicate", "cardos: unrecognized command or argument 'frobnicate'.")]
    public async Task RunAsync_BadOption_OneLineNamingItThenAPointerToHelp(string line, string expected)
    {
        (int exit, string output, string[] errors) = await Run(line);

        Assert.That(exit, Is.EqualTo(ExitCode.Usage));
        Assert.That(errors, Does.Contain(expected));
        Assert.That(errors[^1], Does.Match(@"^Run 'cardos( [a-z-]+)? --help' for the options and what they accept\.$"));
        Assert.That(output, Is.Empty, "no help text on a parse error");
        foreach (string error in errors)
        {
            Assert.That(error, Does.Not.Contain("System."), "no .NET type names");
            Assert.That(error, Does.Not.EndWith(".."));
        }
    }

    [Test]
    public async Task RunAsync_NoCommand_ListsTheCommands()
    {
        (int exit, _, string[] errors) = await Run(string.Empty);

        Assert.That(exit, Is.EqualTo(ExitCode.Usage));
        Assert.That(errors[0], Is.EqualTo("cardos: give a command: demo, serve, script, inspect, image-commit-loop, simulate, issue."));
    }

    [Test]
    public async Task RunAsync_Help_ExitsZeroWithTheExitCodes()
    {
        (int exit, string output, string[] errors) = await Run("--help");

        Assert.That(exit, Is.EqualTo(ExitCode.Success));
        Assert.That(errors, Is.Empty);
        Assert.That(output, Does.Contain("Exit codes: 0 success, 1 the card or script said no, 2 usage or input error, 3 environment"));
    }

    [Test]
    public async Task RunAsync_IssueAProfileForANonBankCard_IsRefusedAndWritesNothing()
    {
        string path = Path.Combine(Path.GetTempPath(), $"cardos-{Guid.NewGuid():N}.img");

        (int exit, _, string[] errors) = await Run($"issue --card iso-fs --image {path} --profile aes");

        Assert.That(exit, Is.EqualTo(ExitCode.Usage));
        Assert.That(errors.Single(), Is.EqualTo("cardos issue: --account, --name, --balance and --profile are for bank cards, not iso-fs."));
        Assert.That(File.Exists(path), Is.False);
    }

    [Test]
    public async Task RunAsync_InspectAnImageAnotherHolderHasOpen_ExitsThreeInOneLine()
    {
        string path = Path.Combine(Path.GetTempPath(), $"cardos-{Guid.NewGuid():N}.img");
        try
        {
            (int issued, _, _) = await Run($"issue --card diagnostic --image {path}");
            Assert.That(issued, Is.EqualTo(ExitCode.Success));
            using (CardOS.Storage.CardImageFile.Open(path))
            {
                (int exit, _, string[] errors) = await Run($"inspect {path}");

                Assert.That(exit, Is.EqualTo(ExitCode.Environment));
                Assert.That(errors, Has.Length.EqualTo(1));
                Assert.That(errors[0], Is.EqualTo($"cardos inspect: Card image '{path}': in use by this process."));
            }

            (int free, _, _) = await Run($"inspect {path}");
            Assert.That(free, Is.EqualTo(ExitCode.Success), "once released, the image opens");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task RunAsync_ImageCommitLoopOnALockedImage_ExitsThree()
    {
        string path = Path.Combine(Path.GetTempPath(), $"cardos-{Guid.NewGuid():N}.img");
        try
        {
            using (CardOS.Storage.CardImageFile.Create(path, 64 * 1024))
            {
                (int exit, _, string[] errors) = await Run($"image-commit-loop --image {path} --count 1");

                Assert.That(exit, Is.EqualTo(ExitCode.Environment));
                Assert.That(errors.Single(), Is.EqualTo($"cardos image-commit-loop: Card image '{path}': in use by this process."));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void ExitCode_For_SortsEnvironmentFromInput()
    {
        Assert.That(ExitCode.For(new CardOS.Reader.Pcsc.NoServiceException()), Is.EqualTo(ExitCode.Environment), "pcscd not running");
        Assert.That(ExitCode.For(new CardOS.Reader.Pcsc.PcscException(CardOS.Reader.Pcsc.SCardError.NoReadersAvailable)), Is.EqualTo(ExitCode.Environment));
        Assert.That(ExitCode.For(new CardOS.Reader.Pcsc.UnknownReaderException(CardOS.Reader.Pcsc.SCardError.UnknownReader)), Is.EqualTo(ExitCode.Usage), "a reader name that does not exist is the user's");
        Assert.That(ExitCode.For(new System.Net.Sockets.SocketException(111)), Is.EqualTo(ExitCode.Environment));
        Assert.That(ExitCode.For(new CardOS.Storage.CardImageException("a.img", "bad magic", null)), Is.EqualTo(ExitCode.Usage));
    }

    [Test]
    public void Messages_Line_EndsInExactlyOneFullStop()
    {
        Assert.That(Messages.Line("cardos x", "Card image 'a': no such file."), Is.EqualTo("cardos x: Card image 'a': no such file."));
        Assert.That(Messages.Line("cardos x", "done"), Is.EqualTo("cardos x: done."));
    }

    internal static async Task<(int Exit, string Output, string[] Errors)> Run(string line)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        string[] args = line.Length == 0 ? [] : Regex.Split(line, " ");
        int exit = await CardosCommandLine.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
