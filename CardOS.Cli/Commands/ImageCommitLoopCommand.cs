using System.CommandLine;
using CardOS.Apdu;
using CardOS.Cli.Hosting;
using CardOS.Runtime;
using CardOS.Storage;

namespace CardOS.Cli.Commands;

/// <summary>
/// <c>cardos image-commit-loop --image FILE</c> (hidden): opens or creates a card image and commits transactions to it in
/// a loop, printing "commit N ok" once commit N is in the file. The crash-safety test kills it at random moments.
/// </summary>
internal static class ImageCommitLoopCommand
{
    public const int DefaultCapacity = 32 * 1024;

    public static Command Create()
    {
        var image = new Option<FileInfo>("--image") { Description = "The card image file (created if missing).", Required = true };
        var count = new Option<long>("--count") { Description = "How many commits before stopping.", DefaultValueFactory = _ => 10_000_000 };
        var durability = new Option<ImageDurability>("--durability") { Description = "Buffered (survives a killed process) or WriteThrough (fsync per command)." };
        var command = new Command("image-commit-loop", "Commit transactions to a card image in a loop, reporting each one (a crash-safety test aid).")
        {
            Hidden = true,
        };
        command.Options.Add(image);
        command.Options.Add(count);
        command.Options.Add(durability);
        command.SetAction(parseResult =>
            Run(parseResult.GetValue(image)!.FullName, parseResult.GetValue(count), parseResult.GetValue(durability), parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error));
        return command;
    }

    internal static int Run(string path, long count, ImageDurability durability, TextWriter output, TextWriter error)
    {
        try
        {
            using CardImageFile image = File.Exists(path)
                ? CardImageFile.Open(path, durability)
                : CardImageFile.Create(path, DefaultCapacity, durability);
            var card = new Card(new CardOptions { EepromCapacity = image.Capacity }, image);
            card.Install(CommitLoopApplet.AppletAid, context => new CommitLoopApplet(context), isDefault: true);
            card.PowerOn();

            byte[] increment = [0x80, CommitLoopApplet.InsIncrement, 0x00, 0x00, 0x04];
            byte[] response = new byte[Card.MaxResponseLength];
            for (long i = 0; i < count; i++)
            {
                int length = card.Transmit(increment, response);
                if (length != 6 || response[4] != 0x90 || response[5] != 0x00)
                {
                    error.WriteLine($"cardos image-commit-loop: INCREMENT answered {Hex.Encode(response.AsSpan(0, length))}.");
                    return 1;
                }

                output.WriteLine($"commit {System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(response)} ok");
            }

            return 0;
        }
        catch (CardImageException e)
        {
            return ExitCode.Report(error, "cardos image-commit-loop", e);
        }
    }
}
