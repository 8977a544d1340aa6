using CardOS.Cli.Commands;
using CardOS.Storage;
using CardOS.Tests.Reader.EndToEnd;

namespace CardOS.Tests.Cli;

/// <summary>
/// How <c>serve</c> and <c>script</c> open image files: every input validated and locked before any output is written,
/// a trace that is an image refused, an image of another profile refused unless <c>--any-profile</c>.
/// </summary>
public class ImageProfileTests
{
    private string _directory = "";
    private string _alice = "";
    private byte[] _issued = [];

    [SetUp]
    public void SetUp()
    {
        _directory = Directory.CreateTempSubdirectory("cardos-image-profile-").FullName;
        _alice = Path.Combine(_directory, "alice.img");
        Assert.That(IssueCommand.Run(new IssueCommand.IssueSettings("bank-user", _alice), TextWriter.Null, TextWriter.Null), Is.Zero);
        _issued = File.ReadAllBytes(_alice);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void Serve_TraceIsTheImage_ExitsTwoAndLeavesTheImageWhole()
    {
        // The reproducer: the trace used to be truncated first, emptying the image, before the image open failed.
        (int exit, string error) = Serve("bank-user", _alice, trace: _alice);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Is.EqualTo($"cardos serve: --trace {_alice} is the image of slot 0; the trace would overwrite the card.{Environment.NewLine}"));
        Assert.That(File.ReadAllBytes(_alice), Is.EqualTo(_issued));
    }

    [Test]
    public void ServeProcess_TraceIsTheImage_ExitsTwoWithOneLineAndLeavesTheImageWhole()
    {
        // The issue's reproducer as it was typed: echo quit | cardos serve --card bank-user --image alice.img --trace alice.img
        ProcessResult result = ProcessRunner.Run(
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [Path.Combine(TestContext.CurrentContext.TestDirectory, "CardOS.Cli.dll"), "serve", "--card", "bank-user", "--image", _alice, "--trace", _alice, "--port", "47999"],
            TimeSpan.FromSeconds(60),
            input: "quit\n");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.StandardError);
        Assert.That(result.StandardError, Is.EqualTo($"cardos serve: --trace {_alice} is the image of slot 0; the trace would overwrite the card.{Environment.NewLine}"));
        Assert.That(File.ReadAllBytes(_alice), Is.EqualTo(_issued));
    }

    [TestCase("hard")]
    [TestCase("symbolic")]
    public void Serve_TraceIsALinkToTheImage_ExitsTwoAndLeavesTheImageWhole(string kind)
    {
        string link = Path.Combine(_directory, "trace.apdu");
        if (kind == "hard")
            Assert.That(ProcessRunner.Run("ln", [_alice, link], TimeSpan.FromSeconds(30)).ExitCode, Is.Zero);
        else
            File.CreateSymbolicLink(link, _alice);

        (int exit, string error) = Serve("bank-user", _alice, trace: link);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Is.EqualTo($"cardos serve: --trace {link} is the image of slot 0; the trace would overwrite the card.{Environment.NewLine}"));
        Assert.That(File.ReadAllBytes(_alice), Is.EqualTo(_issued));
    }

    [Test]
    public void Serve_TraceAndACorruptImage_LeavesTheTraceFileAlone()
    {
        string trace = Path.Combine(_directory, "earlier.apdu");
        File.WriteAllText(trace, "apdu 00A4040000; // an earlier session\n");
        byte[] bytes = File.ReadAllBytes(_alice);
        bytes[100] ^= 1;
        File.WriteAllBytes(_alice, bytes);

        (int exit, string error) = Serve("bank-user", _alice, trace: trace);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.StartWith($"cardos serve: Card image '{_alice}': page "));
        Assert.That(File.ReadAllText(trace), Is.EqualTo("apdu 00A4040000; // an earlier session\n"), "no output is opened before the inputs are valid");
    }

    [Test]
    public void Serve_NewImageBesideACorruptOne_CreatesNothing()
    {
        string fresh = Path.Combine(_directory, "fresh.img");
        File.WriteAllText(_alice, "not an image");
        var error = new StringWriter();

        int exit = ServeCommand.RunAsync(new ServeSettings(["bank-user2", "bank-user"], [fresh, _alice], 35999, "127.0.0.1", false, null), TextReader.Null, TextWriter.Null, error, new CancellationToken(canceled: true)).GetAwaiter().GetResult();

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error.ToString(), Is.EqualTo($"cardos serve: Card image '{_alice}': not a CardOS card image (bad magic).{Environment.NewLine}"));
        Assert.That(File.Exists(fresh), Is.False);
    }

    [Test]
    public void Serve_OneImageForTwoSlots_ExitsTwo()
    {
        string link = Path.Combine(_directory, "same.img");
        File.CreateSymbolicLink(link, _alice);
        var error = new StringWriter();

        int exit = ServeCommand.RunAsync(new ServeSettings(["bank-user", "bank-user"], [_alice, link], 35999, "127.0.0.1", false, null), TextReader.Null, TextWriter.Null, error, new CancellationToken(canceled: true)).GetAwaiter().GetResult();

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error.ToString(), Is.EqualTo($"cardos serve: slots 0 and 1 are given the same image {link}; give each card its own.{Environment.NewLine}"));
        Assert.That(File.ReadAllBytes(_alice), Is.EqualTo(_issued));
    }

    [Test]
    public void Serve_ImageOfAnotherProfile_ExitsTwoNamingBoth()
    {
        (int exit, string error) = Serve("diagnostic", _alice);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Is.EqualTo($"cardos serve: Card image '{_alice}': issued as bank-user, not diagnostic; give --card bank-user, or --any-profile to run it as diagnostic anyway.{Environment.NewLine}"));
        Assert.That(File.ReadAllBytes(_alice), Is.EqualTo(_issued), "no second applet was added");
    }

    [Test]
    public void Serve_ImageOfAnotherProfileWithAnyProfile_RunsIt()
    {
        var output = new StringWriter();

        // Cancelled from the start: serve opens the cards, then stops at once without linking to vpcd.
        int exit = ServeCommand.RunAsync(new ServeSettings(["diagnostic"], [_alice], 35999, "127.0.0.1", false, null) { AnyProfile = true }, TextReader.Null, output, TextWriter.Null, new CancellationToken(canceled: true)).GetAwaiter().GetResult();

        Assert.That(exit, Is.Zero);
        Assert.That(output.ToString(), Does.Contain("slot 0: diagnostic card"));
    }

    [Test]
    public void Script_ImageOfAnotherProfile_ExitsTwoNamingBoth()
    {
        string script = WriteScript("powerup;\napdu 00A4040008F0436172644F5344;\nexpect 9000;\n");
        var error = new StringWriter();

        int exit = ScriptCommand.Run(script, "diagnostic", _alice, null, TextWriter.Null, TextWriter.Null, error);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error.ToString(), Is.EqualTo($"cardos script: Card image '{_alice}': issued as bank-user, not diagnostic; give --card bank-user, or --any-profile to run it as diagnostic anyway.{Environment.NewLine}"));
        Assert.That(File.ReadAllBytes(_alice), Is.EqualTo(_issued), "no second applet was added");
    }

    [Test]
    public void Script_ImageOfAnotherProfileWithAnyProfile_RunsIt()
    {
        string script = WriteScript("powerup;\napdu 00A4040008F0436172644F5344;\nexpect 9000;\n");

        int exit = ScriptCommand.Run(script, "diagnostic", _alice, null, TextWriter.Null, TextWriter.Null, TextWriter.Null, anyProfile: true);

        Assert.That(exit, Is.Zero);
    }

    [Test]
    public void Script_SameProfileInOtherCase_RunsIt()
    {
        string script = WriteScript("powerup;\napdu 00A4040007F0000668579001;\nexpect 6109;\n");

        Assert.That(ScriptCommand.Run(script, "BANK-USER", _alice, null, TextWriter.Null, TextWriter.Null, TextWriter.Null), Is.Zero);
    }

    [Test]
    public void Script_NewImage_RecordsTheProfile()
    {
        string path = Path.Combine(_directory, "new.img");

        Assert.That(ScriptCommand.Run(WriteScript("powerup;\napdu 0070000001;\n"), "iso-fs", path, null, TextWriter.Null, TextWriter.Null, TextWriter.Null), Is.Zero);

        using CardImageFile image = CardImageFile.OpenReadOnly(path);
        Assert.That(image.Profile, Is.EqualTo("iso-fs"));
    }

    [Test]
    public void Script_ImageWithoutARecordedProfile_IsAcceptedAsBefore()
    {
        // An image made before profiles were recorded: header bytes 20-59 all zero.
        string path = Path.Combine(_directory, "old.img");
        CardImageFile.Create(path, 64 * 1024).Dispose();
        Assert.That(ScriptCommand.Run(WriteScript("powerup;\napdu 0070000001;\n"), "diagnostic", path, null, TextWriter.Null, TextWriter.Null, TextWriter.Null), Is.Zero);
        var output = new StringWriter();

        Assert.That(ScriptCommand.Run(WriteScript("powerup;\napdu 0070000001;\n"), "iso-fs", path, null, TextWriter.Null, output, TextWriter.Null), Is.Zero);
        Assert.That(InspectCommand.Run(path, output, TextWriter.Null), Is.Zero);
        Assert.That(output.ToString(), Does.Contain("profile  not recorded"));
    }

    private static (int Exit, string Error) Serve(string card, string image, string? trace = null)
    {
        var error = new StringWriter();
        int exit = ServeCommand.RunAsync(new ServeSettings([card], [image], 35999, "127.0.0.1", false, trace), TextReader.Null, TextWriter.Null, error, new CancellationToken(canceled: true)).GetAwaiter().GetResult();
        return (exit, error.ToString());
    }

    private string WriteScript(string text)
    {
        string path = Path.Combine(_directory, $"{Guid.NewGuid():N}.apdu");
        File.WriteAllText(path, text);
        return path;
    }
}
