using CardOS.Storage;

namespace CardOS.Cli.Commands;

/// <summary>How every command reports an image file it cannot use: one line naming the file and the problem.</summary>
internal static class ImageErrors
{
    /// <summary>Writes "cardos COMMAND: Card image 'FILE': PROBLEM." and returns the exit code: 3 when another process holds the file, else 2.</summary>
    public static int Report(TextWriter error, string command, CardImageException exception)
    {
        error.WriteLine($"cardos {command}: {exception.Message}");
        return exception.InUse ? 3 : 2;
    }
}
