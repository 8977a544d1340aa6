using CardOS.Security;

namespace CardOS.FileSystem;

/// <summary>
/// A dedicated file: the MF or a DF, with an optional DF name (1 to 16 bytes, an AID for an application DF).
/// The Create methods build the structure at personalisation; each returns the file if it already exists with the same
/// attributes, so an applet that builds its files in its constructor re-binds to them when re-installed over its image.
/// </summary>
public sealed class DedicatedFile : IsoFile
{
    /// <summary>The longest DF name (ISO/IEC 7816-4 5.3.1.2).</summary>
    public const int MaxNameLength = 16;

    private readonly byte[] _name;
    private readonly List<IsoFile> _children = [];

    internal DedicatedFile(IsoFileSystem fileSystem, int slot, DedicatedFile? parent, ushort fileId, ReadOnlySpan<byte> name)
        : base(fileSystem, slot, parent, fileId, FileStructure.Dedicated)
    {
        _name = name.ToArray();
    }

    /// <summary>True for the MF, the root.</summary>
    public bool IsMasterFile => Parent is null;

    /// <summary>The DF name; empty when the DF has none.</summary>
    public ReadOnlySpan<byte> Name => _name;

    /// <summary>The files directly under this DF, in creation order.</summary>
    public IReadOnlyList<IsoFile> Children => _children;

    /// <summary>The file directly under this DF with <paramref name="fileId"/>, or null.</summary>
    public IsoFile? FindChild(ushort fileId)
    {
        foreach (IsoFile child in _children)
        {
            if (child.FileId == fileId)
                return child;
        }

        return null;
    }

    /// <summary>The EF directly under this DF with short EF identifier <paramref name="shortId"/>, or null.</summary>
    public ElementaryFile? FindChildByShortId(int shortId)
    {
        if (shortId == 0)
            return null;
        foreach (IsoFile child in _children)
        {
            if (child is ElementaryFile ef && ef.ShortId == shortId)
                return ef;
        }

        return null;
    }

    /// <summary>Creates a DF under this one (or returns it if it exists with the same name).</summary>
    /// <param name="fileId">The FID: not '3F00', '3FFF', 'FFFF', this DF's own FID, or a sibling's.</param>
    /// <param name="name">The DF name, 1 to 16 bytes, unique in the file system; empty for none.</param>
    /// <exception cref="ArgumentException">An invalid or clashing FID or name.</exception>
    /// <exception cref="InvalidOperationException">A file with this FID exists with other attributes, or a transaction is open.</exception>
    /// <exception cref="Apdu.IsoException">6A84 when the directory is full.</exception>
    public DedicatedFile CreateDf(ushort fileId, ReadOnlySpan<byte> name = default) =>
        (DedicatedFile)FileSystem.Create(this, FileStructure.Dedicated, fileId, name, default, 0, 0, default);

    /// <summary>Creates a transparent EF under this DF (or returns it if it exists with the same attributes).</summary>
    /// <param name="fileId">The FID: not '3F00', '3FFF', 'FFFF', this DF's own FID, or a sibling's.</param>
    /// <param name="size">The size in bytes, 1 to <see cref="TransparentFile.MaxSize"/>.</param>
    /// <param name="shortId">The short EF identifier, 1 to 30, unique in this DF; 0 for none.</param>
    /// <param name="read">The condition for READ BINARY (default: never).</param>
    /// <param name="update">The condition for UPDATE BINARY (default: never).</param>
    /// <param name="initialContent">The content when the file is created (at most <paramref name="size"/> bytes, the rest zero); ignored when it exists.</param>
    /// <exception cref="ArgumentException">An invalid or clashing argument.</exception>
    /// <exception cref="InvalidOperationException">A file with this FID exists with other attributes, or a transaction is open.</exception>
    /// <exception cref="Apdu.IsoException">6A84 when the directory or the data area is full.</exception>
    public TransparentFile CreateTransparentEf(ushort fileId, int size, byte shortId = 0, AccessCondition read = default, AccessCondition update = default, ReadOnlySpan<byte> initialContent = default) =>
        (TransparentFile)FileSystem.Create(this, FileStructure.Transparent, fileId, default, new FileAttributes(shortId, read, update, AccessCondition.Never), size, 0, initialContent);

    /// <summary>Creates a linear fixed EF under this DF (or returns it if it exists with the same attributes).</summary>
    /// <param name="fileId">The FID: not '3F00', '3FFF', 'FFFF', this DF's own FID, or a sibling's.</param>
    /// <param name="maxRecords">The most records, 1 to <see cref="RecordFile.MaxRecordCount"/>.</param>
    /// <param name="recordSize">The record size, 1 to <see cref="RecordFile.MaxRecordSize"/>.</param>
    /// <param name="shortId">The short EF identifier, 1 to 30, unique in this DF; 0 for none.</param>
    /// <param name="read">The condition for READ RECORD (default: never).</param>
    /// <param name="update">The condition for UPDATE RECORD (default: never).</param>
    /// <param name="append">The condition for APPEND RECORD (default: never).</param>
    /// <param name="initialRecords">Records the file holds when created, concatenated (a multiple of <paramref name="recordSize"/>); ignored when it exists.</param>
    /// <exception cref="ArgumentException">An invalid or clashing argument.</exception>
    /// <exception cref="InvalidOperationException">A file with this FID exists with other attributes, or a transaction is open.</exception>
    /// <exception cref="Apdu.IsoException">6A84 when the directory or the data area is full.</exception>
    public RecordFile CreateLinearFixedEf(ushort fileId, int maxRecords, int recordSize, byte shortId = 0, AccessCondition read = default, AccessCondition update = default, AccessCondition append = default, ReadOnlySpan<byte> initialRecords = default) =>
        (RecordFile)FileSystem.Create(this, FileStructure.LinearFixed, fileId, default, new FileAttributes(shortId, read, update, append), recordSize, maxRecords, initialRecords);

    /// <summary>Creates a cyclic EF under this DF (or returns it if it exists with the same attributes).</summary>
    /// <param name="fileId">The FID: not '3F00', '3FFF', 'FFFF', this DF's own FID, or a sibling's.</param>
    /// <param name="maxRecords">The records the ring holds, 1 to <see cref="RecordFile.MaxRecordCount"/>.</param>
    /// <param name="recordSize">The record size, 1 to <see cref="RecordFile.MaxRecordSize"/>.</param>
    /// <param name="shortId">The short EF identifier, 1 to 30, unique in this DF; 0 for none.</param>
    /// <param name="read">The condition for READ RECORD (default: never).</param>
    /// <param name="update">The condition for UPDATE RECORD (default: never).</param>
    /// <param name="append">The condition for APPEND RECORD (default: never).</param>
    /// <param name="initialRecords">Records appended in order when the file is created (the last becomes record 1), concatenated; ignored when it exists.</param>
    /// <exception cref="ArgumentException">An invalid or clashing argument.</exception>
    /// <exception cref="InvalidOperationException">A file with this FID exists with other attributes, or a transaction is open.</exception>
    /// <exception cref="Apdu.IsoException">6A84 when the directory or the data area is full.</exception>
    public RecordFile CreateCyclicEf(ushort fileId, int maxRecords, int recordSize, byte shortId = 0, AccessCondition read = default, AccessCondition update = default, AccessCondition append = default, ReadOnlySpan<byte> initialRecords = default) =>
        (RecordFile)FileSystem.Create(this, FileStructure.Cyclic, fileId, default, new FileAttributes(shortId, read, update, append), recordSize, maxRecords, initialRecords);

    internal void AddChild(IsoFile child) => _children.Add(child);

    internal override int WriteControlParameters(Span<byte> destination)
    {
        // ISO/IEC 7816-4 5.3.3, Table 12: '82' file descriptor byte '38' (DF), '83' FID, '84' DF name.
        destination[0] = 0x82;
        destination[1] = 1;
        destination[2] = 0x38;
        destination[3] = 0x83;
        destination[4] = 2;
        destination[5] = (byte)(FileId >> 8);
        destination[6] = (byte)FileId;
        if (_name.Length == 0)
            return 7;
        destination[7] = 0x84;
        destination[8] = (byte)_name.Length;
        _name.CopyTo(destination[9..]);
        return 9 + _name.Length;
    }
}
