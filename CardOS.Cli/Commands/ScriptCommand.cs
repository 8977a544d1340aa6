using System.CommandLine;
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
        command.SetAction(parse => Run(
            parse.GetValue(file)!.FullName,
            parse.GetValue(card) ?? "diagnostic",
            parse.GetValue(image)?.FullName,
            parse.GetValue(reader),
            parse.GetValue(quiet) ? TextWriter.Null : Console.Out,
            Console.Out,
            Console.Error,
            parse.GetValue(anyProfile)));
        return command;
    }

    /// <returns>0 when every expectation held, 1 at the first mismatch, 2 when the script or the card cannot be used, 3 when another process holds the image.</returns>
    internal static int Run(string path, string profileName, string? imagePath, string? readerName, TextWriter trace, TextWriter output, TextWriter error, bool anyProfile = false)
    {
        ApduScript script;
        try
        {
            script = ApduScript.Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"cardos script: {path}: {e.Message}");
            return 2;
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
                CardProfile? profile = CardProfiles.Find(profileName);
                if (profile is null)
                {
                    error.WriteLine($"cardos script: unknown card profile '{profileName}'.");
                    return 2;
                }

                using CardImageFile? image = imagePath is null ? null
                    : File.Exists(imagePath) || Directory.Exists(imagePath) ? profile.OpenImage(imagePath, anyProfile) : profile.CreateImage(imagePath);
                Card card = image is null ? profile.CreateCard() : profile.CreateCard(image);
                result = new ScriptRunner(new InProcessScriptTarget(card), trace).Run(script);
                card.PowerOff();
            }

            (result.Success ? output : error).WriteLine($"{path}: {result.Message}");
            return result.Success ? 0 : 1;
        }
        catch (CardImageException e)
        {
            return ImageErrors.Report(error, "script", e);
        }
        catch (PcscException e)
        {
            error.WriteLine($"cardos script: {e.Message}");
            return 2;
        }
    }
}
