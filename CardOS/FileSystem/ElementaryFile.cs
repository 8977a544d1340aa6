using CardOS.Security;

namespace CardOS.FileSystem;

/// <summary>
/// An elementary file: data under a DF, with a file identifier, an optional short EF identifier and an access
/// condition per operation. The command processor enforces the conditions; applet code that calls the file's
/// methods directly is trusted and is not checked.
/// </summary>
public abstract class ElementaryFile : IsoFile
{
    private protected ElementaryFile(IsoFileSystem fileSystem, int slot, DedicatedFile parent, ushort fileId, FileStructure structure, in FileAttributes attributes)
        : base(fileSystem, slot, parent, fileId, structure)
    {
        ShortId = attributes.ShortId;
        ReadAccess = attributes.Read;
        UpdateAccess = attributes.Update;
        AppendAccess = attributes.Append;
    }

    /// <summary>The short EF identifier, 1 to 30; 0 when the file has none.</summary>
    public byte ShortId { get; }

    /// <summary>The condition for READ BINARY and READ RECORD.</summary>
    public AccessCondition ReadAccess { get; }

    /// <summary>The condition for UPDATE BINARY and UPDATE RECORD.</summary>
    public AccessCondition UpdateAccess { get; }

    /// <summary>The condition for APPEND RECORD.</summary>
    public AccessCondition AppendAccess { get; }

    /// <summary>The number of data bytes the file holds at most (FCP tag '80').</summary>
    public abstract int Capacity { get; }

    /// <summary>Writes the file descriptor's value (FCP tag '82').</summary>
    private protected abstract int WriteDescriptor(Span<byte> destination);

    internal sealed override int WriteControlParameters(Span<byte> destination)
    {
        // ISO/IEC 7816-4 5.3.3, Table 12: '80' data bytes, '82' file descriptor, '83' FID, '88' SFI (empty: none).
        destination[0] = 0x80;
        destination[1] = 2;
        destination[2] = (byte)(Capacity >> 8);
        destination[3] = (byte)Capacity;
        destination[4] = 0x82;
        int descriptor = WriteDescriptor(destination[6..]);
        destination[5] = (byte)descriptor;
        int offset = 6 + descriptor;
        destination[offset++] = 0x83;
        destination[offset++] = 2;
        destination[offset++] = (byte)(FileId >> 8);
        destination[offset++] = (byte)FileId;
        destination[offset++] = 0x88;
        if (ShortId == 0)
        {
            destination[offset++] = 0;
        }
        else
        {
            destination[offset++] = 1;
            destination[offset++] = ShortId;
        }

        return offset;
    }
}
