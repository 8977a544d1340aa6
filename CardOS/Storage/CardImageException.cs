namespace CardOS.Storage;

/// <summary>
/// A card image file cannot be used: it is corrupt, truncated, of another format or capacity, not an image at all, or
/// the file system refused it. The message names the file and the exact problem; the card is never reset or
/// reformatted to get past one.
/// </summary>
public sealed class CardImageException : IOException
{
    /// <summary>Creates the exception.</summary>
    public CardImageException()
        : base("The card image file cannot be used.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CardImageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public CardImageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for the image at <paramref name="filePath"/> and its <paramref name="problem"/>.</summary>
    /// <param name="filePath">The image file.</param>
    /// <param name="problem">What is wrong, e.g. "page 12 checksum mismatch" or "format version 7, expected 1".</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public CardImageException(string filePath, string problem, Exception? innerException)
        : base($"Card image '{filePath}': {problem}.", innerException)
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>The image file, when known.</summary>
    public string? FilePath { get; }

    /// <summary>True when the file is locked by another open image (another process, or this one): a matter of the environment, not of the file.</summary>
    public bool InUse { get; init; }

    /// <summary>The problem alone, e.g. "truncated: 1000 bytes, expected 70000", when known.</summary>
    public string? Problem { get; }
}
