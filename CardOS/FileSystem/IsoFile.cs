namespace CardOS.FileSystem;

/// <summary>A file of an <see cref="IsoFileSystem"/>: the MF, a DF or an EF.</summary>
public abstract class IsoFile
{
    private protected IsoFile(IsoFileSystem fileSystem, int slot, DedicatedFile? parent, ushort fileId, FileStructure structure)
    {
        Structure = structure;
        FileSystem = fileSystem;
        Slot = slot;
        Parent = parent;
        FileId = fileId;
    }

    /// <summary>The file system the file belongs to.</summary>
    public IsoFileSystem FileSystem { get; }

    /// <summary>The DF the file lies in; null for the MF.</summary>
    public DedicatedFile? Parent { get; }

    /// <summary>The file identifier (FID).</summary>
    public ushort FileId { get; }

    /// <summary>The file's structure.</summary>
    public FileStructure Structure { get; }

    /// <summary>The file's index in the file system's directory.</summary>
    internal int Slot { get; }

    /// <summary>Writes the data objects of the file's control parameters (the content of an FCP or FCI template).</summary>
    /// <returns>The number of bytes written.</returns>
    internal abstract int WriteControlParameters(Span<byte> destination);

    /// <summary>For example "EF 6F01".</summary>
    public override string ToString() => $"{(Structure == FileStructure.Dedicated ? "DF" : "EF")} {FileId:X4}";
}
