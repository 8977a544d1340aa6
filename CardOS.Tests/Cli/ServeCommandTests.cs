using System.CommandLine;
using CardOS.Cli.Commands;

namespace CardOS.Tests.Cli;

/// <summary><c>cardos serve</c>'s argument checks, which answer before any link to vpcd is made.</summary>
public class ServeCommandTests
{
    [Test]
    public async Task RunAsync_TraceFileInAMissingDirectory_ExitsTwoNamingIt()
    {
        string path = Path.Combine(Path.GetTempPath(), $"cardos-no-such-dir-{Guid.NewGuid():N}", "session.apdu");
        var error = new StringWriter();

        int exit = await ServeCommand.RunAsync(Settings(trace: path), TextReader.Null, TextWriter.Null, error, CancellationToken.None);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error.ToString(), Does.Contain($"cardos serve: cannot write the trace to {path}"));
    }

    [Test]
    public async Task RunAsync_UnknownProfileWithATraceFile_ExitsTwoAndLeavesAnEmptyTrace()
    {
        string path = Path.GetTempFileName();
        try
        {
            var error = new StringWriter();

            int exit = await ServeCommand.RunAsync(Settings(trace: path, card: "no-such-card"), TextReader.Null, TextWriter.Null, error, CancellationToken.None);

            Assert.That(exit, Is.EqualTo(2));
            Assert.That(error.ToString(), Does.Contain("unknown card profile 'no-such-card'"));
            Assert.That(await File.ReadAllTextAsync(path), Is.Empty, "the trace file was closed with nothing in it");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestCase("serve --trace", null)]
    [TestCase("serve --trace session.apdu --card iso-fs", "session.apdu")]
    [TestCase("serve --card iso-fs --trace", null)]
    public void Parse_TraceWithOrWithoutAFile_IsAcceptedAndKeepsTheFile(string line, string? file)
    {
        Command serve = ServeCommand.Create();

        ParseResult parse = serve.Parse(line.Split(' ')[1..]);

        Assert.That(parse.Errors, Is.Empty);
        Assert.That(parse.GetResult(serve.Options.Single(option => option.Name == "--trace")), Is.Not.Null, "--trace was given");
        Assert.That(parse.GetValue<string?>("--trace"), Is.EqualTo(file));
    }

    private static ServeSettings Settings(string? trace, string card = "diagnostic") =>
        new([card], [], Port: 35999, Host: "127.0.0.1", Reversed: false, Trace: trace);
}
