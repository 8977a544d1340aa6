namespace CardOS.Storage;

/// <summary>How far a <see cref="CardImageFile"/> pushes each flush before the card acknowledges the command.</summary>
public enum ImageDurability
{
    /// <summary>
    /// Each flush is handed to the operating system (no fsync). Every acknowledged commit survives the process being
    /// killed at any instant, because the kernel keeps what was written; an operating-system crash or a power failure
    /// of the host may lose the last flushes (the file still reopens consistently).
    /// </summary>
    Buffered,

    /// <summary>
    /// Each flush also forces the write-ahead record to the disk (fsync) before the card answers: acknowledged commits
    /// survive an operating-system crash or a host power failure too, at the cost of one disk flush per command.
    /// </summary>
    WriteThrough,
}
