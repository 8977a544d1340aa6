using System.CommandLine;
using CardOS.Cli.Hosting;
using CardOS.Cli.Profiles;
using CardOS.Cli.Scripting;
using CardOS.Reader.Pcsc;
using CardOS.Runtime;
using CardOS.Storage;

namespace CardOS.Cli.Commands;

/// <summary><c>cardos script FILE</c>: run an APDU script (docs/scripts.md) against an in-process card or a PC/SC reader.</summary>
internal static class ScriptCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The script (apdutool format with CardOS extensions, docs/scripts.md)." };
        var card = new Option<string>("--card", "-c") { Description = "Run against an in-process card of this profile (default: diagnostic).", DefaultValueFactory = _ => "diagnostic" };
        var image = new Option<FileInfo?>("--image") { Description = "Back the in-process card with this image file (created if missing, recording the profile; an image issued as another profile is refused)." };
        var anyProfile = new Option<bool>("--any-profile") { Description = "Run the --card profile on an --image issued as another profile (its applets are installed beside the image's)." };
        var reader = new Option<string?>("--reader", "-r") { Description = "Run against the card in this PC/SC reader instead, for example 'Virtual PCD 00 00'." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the outcome, not each exchange." };
        var command = new Command("script", "Run an APDU script; exit 1 with a diff at the first response that does not match its expectation.")
        {
            file, card, image, reader, quiet, anyProfile,
        };
        command.SetAction(parse =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            TextWriter error = parse.InvocationConfiguration.Error;
            string? readerName = parse.GetValue(reader);
            if (readerName is not null && Given(parse, image) is { } ignored)
            {
                error.WriteLine(Messages.Line("cardos script", $"{ignored} is for an in-process card; --reader runs against the card in a PC/SC reader, so give one or the other"));
                return ExitCode.Usage;
            }

            if (readerName is not null && Given(parse, card) is { } ignoredCard)
            {
                error.WriteLine(Messages.Line("cardos script", $"{ignoredCard} is for an in-process card; --reader runs against the card in a PC/SC reader, so give one or the other"));
                return ExitCode.Usage;
            }

            return Run(
                parse.GetValue(file)!.FullName,
                parse.GetValue(card) ?? "diagnostic",
                parse.GetValue(image)?.FullName,
                readerName,
                parse.GetValue(quiet) ? TextWriter.Null : output,
                output,
                error,
                parse.GetValue(anyProfile));
        });
        return command;
    }

    /// <summary>"--image" when the option was given on the command line (not only defaulted), else null.</summary>
    private static string? Given(ParseResult parse, Option option) =>
        parse.GetResult(option) is { Implicit: false } ? option.Name : null;

    /// <returns>0 when every expectation held, 1 at the first mismatch, 2 when the script or the card cannot be used, 3 when pcscd cannot be reached or the image is locked.</returns>
    internal static int Run(string path, string profileName, string? imagePath, string? readerName, TextWriter trace, TextWriter output, TextWriter error, bool anyProfile = false)
    {
        if (readerName is null && CardProfiles.Find(profileName) is null)
        {
            error.WriteLine(Messages.Line("cardos script", $"unknown card profile '{profileName}'; known: {string.Join(", ", CardProfiles.All.Select(known => known.Name))}"));
            return ExitCode.Usage;
        }

        ApduScript script;
        try
        {
            script = ApduScript.Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine(Messages.Line($"cardos script: {path}", e.Message));
            return e is IOException io ? ExitCode.For(io) : ExitCode.Usage;
        }

        if (script.Statements.OfType<MaskedApduStatement>().FirstOrDefault() is { } masked)
        {
            error.WriteLine(Messages.Line(
                $"cardos script: {path}",
                $"line {masked.Line}: this command's data was masked as a secret when it was traced, so it cannot be sent; write its data in place of the '*' digits, or trace with --trace-secrets to replay the session"));
            return ExitCode.Usage;
        }

        try
        {
            ScriptResult result;
            if (readerName is not null)
            {
                using SCardContext context = SCardContext.Establish();
                using PcscCardChannel channel = context.Connect(readerName);
                result = new ScriptRunner(new PcscScriptTarget(channel), trace).Run(script);
            }
            else
            {
                CardProfile profile = CardProfiles.Find(profileName)!;

                using CardImageFile? image = imagePath is null ? null
                    : File.Exists(imagePath) || Directory.Exists(imagePath) ? profile.OpenImage(imagePath, anyProfile) : profile.CreateImage(imagePath);
                Card card = image is null ? profile.CreateCard() : profile.CreateCard(image);
                result = new ScriptRunner(new InProcessScriptTarget(card), trace).Run(script);
                card.PowerOff();
            }

            (result.Success ? output : error).WriteLine($"{path}: {result.Message}");
            return result.Success ? ExitCode.Success : ExitCode.Refused;
        }
        catch (CardImageException e)
        {
            return ExitCode.Report(error, "cardos script", e);
        }
        catch (PcscException e)
        {
            return ExitCode.Report(error, "cardos script", e);
        }
    }
}
