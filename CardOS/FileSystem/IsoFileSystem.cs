using System.Buffers;
using System.Buffers.Binary;
using CardOS.Apdu;
using CardOS.Runtime;
using CardOS.Security;
using CardOS.Storage;

namespace CardOS.FileSystem;

/// <summary>
/// An ISO/IEC 7816-4 file system owned by one applet: the MF, DFs, transparent, linear fixed and cyclic EFs, with an
/// access condition per operation. Structure and contents live in one persistent object of the applet, so they survive
/// power cycles and image reloads; the current DF, EF and record of each logical channel live in RAM.
/// </summary>
/// <remarks>
/// <para>Applet code builds the structure at personalisation through <see cref="MasterFile"/> and the Create methods of
/// <see cref="DedicatedFile"/>, uses files directly (<see cref="TransparentFile"/>, <see cref="RecordFile"/>), and hands
/// the interindustry file commands to <see cref="Process"/>. docs/applets/iso-filesystem.md specifies every command.</para>
/// <para>EEPROM layout of the object: an 8-byte header (magic "ISFS", version, directory size), the directory
/// (<c>maxFiles</c> entries of 40 bytes, slot 0 the MF), then the data area where file bodies are allocated in creation
/// order. A file appears with one atomic write of its directory entry, after its body is written.</para>
/// </remarks>
public sealed partial class IsoFileSystem
{
    /// <summary>The MF's file identifier.</summary>
    public const ushort MasterFileId = 0x3F00;

    /// <summary>The most files (MF included) a file system can hold.</summary>
    public const int MaxFileLimit = 254;

    private const int HeaderSize = 8;
    private const int EntrySize = 40;
    private const uint Magic = 0x49534653; // "ISFS"
    private const byte LayoutVersion = 1;
    private const byte NoParent = 0xFF;

    // Directory entry: type, parent slot, FID (2), SFI, name length, read/update/append conditions (2 each),
    // body offset in the data area (4), size or record size (2), max records, reserved, DF name (16), reserved (4).
    private const int EntryType = 0;
    private const int EntryParent = 1;
    private const int EntryFileId = 2;
    private const int EntryShortId = 4;
    private const int EntryNameLength = 5;
    private const int EntryRead = 6;
    private const int EntryUpdate = 8;
    private const int EntryAppend = 10;
    private const int EntryBodyOffset = 12;
    private const int EntrySize16 = 16;
    private const int EntryMaxRecords = 18;
    private const int EntryName = 20;

    private readonly PersistentArray _store;
    private readonly TransientArray _channels;
    private readonly IsoFile?[] _files;
    private readonly int _dataStart;
    private int _dataTop;

    /// <summary>
    /// Binds the file system to persistent object <paramref name="objectId"/> of the applet, creating an empty one (the MF
    /// alone) if the EEPROM does not hold it yet. Call at install.
    /// </summary>
    /// <param name="context">The owning applet's context.</param>
    /// <param name="security">The security status access conditions are evaluated against.</param>
    /// <param name="objectId">The applet's persistent object id for the file system.</param>
    /// <param name="maxFiles">The directory size: the most files, MF included, 1 to <see cref="MaxFileLimit"/>.</param>
    /// <param name="dataCapacity">The bytes available to file contents (a cyclic file takes one spare record, record files two header bytes).</param>
    /// <exception cref="InvalidOperationException">The EEPROM holds object <paramref name="objectId"/> with another size.</exception>
    /// <exception cref="InvalidDataException">The object is not a file system, or its directory is corrupt.</exception>
    /// <exception cref="IsoException">6A84 when the EEPROM has no room for the object.</exception>
    public IsoFileSystem(AppletContext context, SecurityStatus security, ushort objectId, int maxFiles = 32, int dataCapacity = 4096)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(security);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFiles, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxFiles, MaxFileLimit);
        ArgumentOutOfRangeException.ThrowIfNegative(dataCapacity);

        Context = context;
        Security = security;
        MaxFiles = maxFiles;
        DataCapacity = dataCapacity;
        _dataStart = HeaderSize + (maxFiles * EntrySize);
        _store = context.AllocatePersistent(objectId, _dataStart + dataCapacity);
        _channels = context.AllocateTransient(ChannelStateSize * CardOptions.MaxLogicalChannels, TransientClear.OnDeselect);
        _files = new IsoFile?[maxFiles];

        ReadOnlySpan<byte> header = _store.Slice(0, HeaderSize);
        if (BinaryPrimitives.ReadUInt32BigEndian(header) == 0)
            Format();
        else if (BinaryPrimitives.ReadUInt32BigEndian(header) != Magic || header[4] != LayoutVersion || header[5] != maxFiles)
            throw new InvalidDataException($"Persistent object {objectId} of applet {context.Aid} is not a {maxFiles}-file ISO file system of layout {LayoutVersion}.");

        Load();
        MasterFile = (DedicatedFile)_files[0]!;
    }

    /// <summary>The MF, root of the tree.</summary>
    public DedicatedFile MasterFile { get; }

    /// <summary>The security status access conditions are evaluated against.</summary>
    public SecurityStatus Security { get; }

    /// <summary>The directory size: the most files, MF included.</summary>
    public int MaxFiles { get; }

    /// <summary>The bytes of the data area.</summary>
    public int DataCapacity { get; }

    /// <summary>The bytes of the data area not yet taken by files.</summary>
    public int AvailableBytes => DataCapacity - _dataTop;

    /// <summary>The number of files, MF included.</summary>
    public int FileCount
    {
        get
        {
            int count = 0;
            foreach (IsoFile? file in _files)
            {
                if (file is not null)
                    count++;
            }

            return count;
        }
    }

    internal AppletContext Context { get; }

    /// <summary>The file at <paramref name="path"/> from the MF (FIDs without '3F00'); the MF for an empty path; null if there is none.</summary>
    public IsoFile? Find(params ReadOnlySpan<ushort> path)
    {
        IsoFile file = MasterFile;
        foreach (ushort fileId in path)
        {
            if (file is not DedicatedFile df || df.FindChild(fileId) is not { } child)
                return null;
            file = child;
        }

        return file;
    }

    /// <summary>The DF named exactly <paramref name="name"/>, or null.</summary>
    public DedicatedFile? FindDf(ReadOnlySpan<byte> name)
    {
        foreach (IsoFile? file in _files)
        {
            if (file is DedicatedFile df && !name.IsEmpty && df.Name.SequenceEqual(name))
                return df;
        }

        return null;
    }

    internal IsoFile Create(DedicatedFile parent, FileStructure structure, ushort fileId, ReadOnlySpan<byte> name, in FileAttributes attributes, int size, int maxRecords, ReadOnlySpan<byte> initial)
    {
        if (!ReferenceEquals(parent.FileSystem, this))
            throw new ArgumentException("The parent DF belongs to another file system.", nameof(parent));
        ValidateNew(parent, structure, fileId, name, attributes, size, maxRecords, initial);

        if (parent.FindChild(fileId) is { } existing)
        {
            if (!HasShape(existing, structure, name, attributes, size, maxRecords))
                throw new InvalidOperationException($"{existing} exists under {parent} with other attributes: the image was written by another version of the applet.");
            return existing;
        }

        if (attributes.ShortId != 0 && parent.FindChildByShortId(attributes.ShortId) is { } clash)
            throw new ArgumentException($"{clash} under {parent} already has short EF identifier {attributes.ShortId}.", nameof(attributes));
        if (!name.IsEmpty && FindDf(name) is { } named)
            throw new ArgumentException($"{named} already has DF name {Hex.Encode(name)}.", nameof(name));
        if (Context.InTransaction)
            throw new InvalidOperationException("Files are created outside transactions (at personalisation).");

        int slot = Array.IndexOf(_files, null);
        if (slot < 0)
            throw new IsoException(StatusWord.NotEnoughMemory, $"The file system's directory holds {MaxFiles} files and is full.");
        int bodyLength = GetBodyLength(structure, size, maxRecords);
        if (bodyLength > AvailableBytes)
            throw new IsoException(StatusWord.NotEnoughMemory, $"{bodyLength} bytes are needed for the file; the file system has {AvailableBytes} free.");

        // The body goes first, in a region no file owns yet; a power cut here leaves no trace a directory entry points to.
        int bodyOffset = _dataTop;
        if (bodyLength > 0)
        {
            byte[] body = ArrayPool<byte>.Shared.Rent(bodyLength);
            try
            {
                Span<byte> span = body.AsSpan(0, bodyLength);
                if (structure == FileStructure.Transparent)
                {
                    span.Clear();
                    initial.CopyTo(span);
                }
                else
                {
                    RecordFile.FormatBody(span, structure, size, initial);
                }

                _store.WriteNonAtomic(_dataStart + bodyOffset, span);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(body);
            }
        }

        // One atomic write of the directory entry makes the file exist.
        Span<byte> entry = stackalloc byte[EntrySize];
        EncodeEntry(entry, parent.Slot, structure, fileId, name, attributes, bodyOffset, size, maxRecords);
        _store.Write(EntryOffset(slot), entry);

        IsoFile file = Bind(slot, parent, structure, fileId, name, attributes, bodyOffset, size, maxRecords);
        _dataTop = bodyOffset + bodyLength;
        return file;
    }

    private static int GetBodyLength(FileStructure structure, int size, int maxRecords) => structure switch
    {
        FileStructure.Dedicated => 0,
        FileStructure.Transparent => size,
        _ => RecordFile.GetBodyLength(structure, maxRecords, size),
    };

    private static bool IsReservedFileId(ushort fileId) => fileId is MasterFileId or 0x3FFF or 0xFFFF;

    private static void ValidateNew(DedicatedFile parent, FileStructure structure, ushort fileId, ReadOnlySpan<byte> name, in FileAttributes attributes, int size, int maxRecords, ReadOnlySpan<byte> initial)
    {
        // ISO/IEC 7816-4 5.3.1.1: '3F00' is the MF, '3FFF' stands for the current DF in paths, 'FFFF' is reserved;
        // and a file must not share its FID with its parent (SELECT by FID could not tell them apart).
        if (IsReservedFileId(fileId) || fileId == parent.FileId)
            throw new ArgumentException($"FID {fileId:X4} is reserved or is the parent's own.", nameof(fileId));
        if (name.Length > DedicatedFile.MaxNameLength)
            throw new ArgumentException($"A DF name has 1 to {DedicatedFile.MaxNameLength} bytes; got {name.Length}.", nameof(name));
        if (attributes.ShortId > 30)
            throw new ArgumentOutOfRangeException(nameof(attributes), attributes.ShortId, "A short EF identifier is 1 to 30 (0 for none).");

        switch (structure)
        {
            case FileStructure.Transparent:
                ArgumentOutOfRangeException.ThrowIfLessThan(size, 1, nameof(size));
                ArgumentOutOfRangeException.ThrowIfGreaterThan(size, TransparentFile.MaxSize, nameof(size));
                if (initial.Length > size)
                    throw new ArgumentException($"The initial content has {initial.Length} bytes; the file holds {size}.", nameof(initial));
                break;
            case FileStructure.LinearFixed or FileStructure.Cyclic:
                ArgumentOutOfRangeException.ThrowIfLessThan(size, 1, "recordSize");
                ArgumentOutOfRangeException.ThrowIfGreaterThan(size, RecordFile.MaxRecordSize, "recordSize");
                ArgumentOutOfRangeException.ThrowIfLessThan(maxRecords, 1, nameof(maxRecords));
                ArgumentOutOfRangeException.ThrowIfGreaterThan(maxRecords, RecordFile.MaxRecordCount, nameof(maxRecords));
                if (initial.Length % size != 0 || initial.Length > size * maxRecords)
                    throw new ArgumentException($"The initial records ({initial.Length} bytes) are not whole {size}-byte records, at most {maxRecords}.", nameof(initial));
                break;
        }
    }

    private static bool HasShape(IsoFile file, FileStructure structure, ReadOnlySpan<byte> name, in FileAttributes attributes, int size, int maxRecords) => file switch
    {
        DedicatedFile df => structure == FileStructure.Dedicated && df.Name.SequenceEqual(name),
        TransparentFile ef => structure == FileStructure.Transparent && ef.Size == size && HasAttributes(ef, attributes),
        RecordFile ef => structure == ef.Structure && ef.RecordSize == size && ef.MaxRecords == maxRecords && HasAttributes(ef, attributes),
        _ => false,
    };

    private static bool HasAttributes(ElementaryFile ef, in FileAttributes attributes) =>
        ef.ShortId == attributes.ShortId && ef.ReadAccess == attributes.Read && ef.UpdateAccess == attributes.Update
        && (ef.Structure == FileStructure.Transparent || ef.AppendAccess == attributes.Append);

    private static void EncodeEntry(Span<byte> entry, int parentSlot, FileStructure structure, ushort fileId, ReadOnlySpan<byte> name, in FileAttributes attributes, int bodyOffset, int size, int maxRecords)
    {
        entry.Clear();
        entry[EntryType] = (byte)structure;
        entry[EntryParent] = (byte)parentSlot;
        BinaryPrimitives.WriteUInt16BigEndian(entry[EntryFileId..], fileId);
        entry[EntryShortId] = attributes.ShortId;
        entry[EntryNameLength] = (byte)name.Length;
        attributes.Read.WriteTo(entry[EntryRead..]);
        attributes.Update.WriteTo(entry[EntryUpdate..]);
        attributes.Append.WriteTo(entry[EntryAppend..]);
        BinaryPrimitives.WriteInt32BigEndian(entry[EntryBodyOffset..], bodyOffset);
        BinaryPrimitives.WriteUInt16BigEndian(entry[EntrySize16..], (ushort)size);
        entry[EntryMaxRecords] = (byte)maxRecords;
        name.CopyTo(entry[EntryName..]);
    }

    private static int EntryOffset(int slot) => HeaderSize + (slot * EntrySize);

    private void Format()
    {
        // The header and the MF's entry are contiguous: one atomic write formats the file system.
        Span<byte> image = stackalloc byte[HeaderSize + EntrySize];
        image.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(image, Magic);
        image[4] = LayoutVersion;
        image[5] = (byte)MaxFiles;
        EncodeEntry(image[HeaderSize..], NoParent, FileStructure.Dedicated, MasterFileId, default, default, 0, 0, 0);
        _store.Write(0, image);
    }

    private void Load()
    {
        for (int slot = 0; slot < MaxFiles; slot++)
        {
            ReadOnlySpan<byte> entry = _store.Slice(EntryOffset(slot), EntrySize);
            if (entry[EntryType] == 0)
                continue;
            if (!TryLoad(slot, entry))
                throw new InvalidDataException($"Directory entry {slot} of the file system is corrupt: {Hex.Encode(entry)}.");
        }

        if (_files[0] is not DedicatedFile { FileId: MasterFileId, Parent: null })
            throw new InvalidDataException("The file system's first directory entry is not the MF.");
    }

    private bool TryLoad(int slot, ReadOnlySpan<byte> entry)
    {
        var structure = (FileStructure)entry[EntryType];
        int parentSlot = entry[EntryParent];
        ushort fileId = BinaryPrimitives.ReadUInt16BigEndian(entry[EntryFileId..]);
        int nameLength = entry[EntryNameLength];
        int bodyOffset = BinaryPrimitives.ReadInt32BigEndian(entry[EntryBodyOffset..]);
        int size = BinaryPrimitives.ReadUInt16BigEndian(entry[EntrySize16..]);
        int maxRecords = entry[EntryMaxRecords];
        if (nameLength > DedicatedFile.MaxNameLength
            || !AccessCondition.TryRead(entry[EntryRead..], out AccessCondition read)
            || !AccessCondition.TryRead(entry[EntryUpdate..], out AccessCondition update)
            || !AccessCondition.TryRead(entry[EntryAppend..], out AccessCondition append))
        {
            return false;
        }

        ReadOnlySpan<byte> name = entry.Slice(EntryName, nameLength);
        var attributes = new FileAttributes(entry[EntryShortId], read, update, append);
        if (slot == 0)
        {
            if (structure != FileStructure.Dedicated || parentSlot != NoParent || fileId != MasterFileId)
                return false;
            _files[0] = new DedicatedFile(this, 0, null, MasterFileId, name);
            return true;
        }

        if (parentSlot >= slot || _files[parentSlot] is not DedicatedFile parent || !Enum.IsDefined(structure))
            return false;
        try
        {
            ValidateNew(parent, structure, fileId, name, attributes, size, maxRecords, default);
        }
        catch (ArgumentException)
        {
            return false;
        }

        int bodyLength = GetBodyLength(structure, size, maxRecords);
        if (bodyOffset < 0 || bodyOffset > DataCapacity - bodyLength || parent.FindChild(fileId) is not null)
            return false;
        Bind(slot, parent, structure, fileId, name, attributes, bodyOffset, size, maxRecords);
        _dataTop = Math.Max(_dataTop, bodyOffset + bodyLength);
        return true;
    }

    private IsoFile Bind(int slot, DedicatedFile parent, FileStructure structure, ushort fileId, ReadOnlySpan<byte> name, in FileAttributes attributes, int bodyOffset, int size, int maxRecords)
    {
        IsoFile file = structure switch
        {
            FileStructure.Dedicated => new DedicatedFile(this, slot, parent, fileId, name),
            FileStructure.Transparent => new TransparentFile(this, slot, parent, fileId, attributes, size, _store, _dataStart + bodyOffset),
            _ => new RecordFile(this, slot, parent, fileId, attributes, structure, maxRecords, size, _store, _dataStart + bodyOffset),
        };
        _files[slot] = file;
        parent.AddChild(file);
        return file;
    }
}
