using CardOS.Storage;

namespace CardOS.FileSystem;

/// <summary>A transparent EF: <see cref="Size"/> bytes read and updated by offset (READ BINARY, UPDATE BINARY).</summary>
public sealed class TransparentFile : ElementaryFile
{
    /// <summary>The largest transparent EF: READ BINARY's 15-bit offset reaches every byte.</summary>
    public const int MaxSize = 0x8000;

    private readonly PersistentArray _store;
    private readonly int _offset;

    internal TransparentFile(IsoFileSystem fileSystem, int slot, DedicatedFile parent, ushort fileId, in FileAttributes attributes, int size, PersistentArray store, int offset)
        : base(fileSystem, slot, parent, fileId, FileStructure.Transparent, attributes)
    {
        Size = size;
        _store = store;
        _offset = offset;
    }

    /// <summary>The file's size in bytes.</summary>
    public int Size { get; }

    /// <inheritdoc />
    public override int Capacity => Size;

    /// <summary>The whole content (a view of the EEPROM, valid until the next write).</summary>
    public ReadOnlySpan<byte> Content => _store.Slice(_offset, Size);

    /// <summary>The bytes [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>) (a view valid until the next write).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range does not lie inside the file.</exception>
    public ReadOnlySpan<byte> Read(int offset, int length)
    {
        CheckRange(offset, length);
        return _store.Slice(_offset + offset, length);
    }

    /// <summary>
    /// Writes <paramref name="data"/> at <paramref name="offset"/> atomically: after a power cut the file holds the old
    /// bytes or the new ones, never a mix; inside a transaction the write is part of it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The range does not lie inside the file.</exception>
    /// <exception cref="Apdu.IsoException">6A84 when the transaction journal cannot hold the old bytes; nothing is written.</exception>
    public void Update(int offset, ReadOnlySpan<byte> data)
    {
        CheckRange(offset, data.Length);
        _store.Write(_offset + offset, data);
    }

    private protected override int WriteDescriptor(Span<byte> destination)
    {
        // ISO/IEC 7816-4 5.3.3: file descriptor byte '01' (working EF, transparent), data coding byte '21'
        // (Table 87: proprietary write behaviour, data unit of one byte).
        destination[0] = 0x01;
        destination[1] = 0x21;
        return 2;
    }

    private void CheckRange(int offset, int length)
    {
        if (offset < 0 || length < 0 || offset > Size - length)
            throw new ArgumentOutOfRangeException(nameof(offset), $"[{offset}, {offset}+{length}) lies outside the {Size}-byte file {this}.");
    }
}
