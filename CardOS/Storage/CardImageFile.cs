using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace CardOS.Storage;

/// <summary>
/// A card's EEPROM backed by a file, crash-safe: a process killed at any instant leaves a file that reopens
/// consistently with every flushed (acknowledged) write present. A corrupt, truncated or foreign file is refused with a
/// <see cref="CardImageException"/> naming the file and the problem; nothing is ever reset or reformatted.
/// </summary>
/// <remarks>
/// <para>Layout (little-endian; docs/storage.md has the details): a 64-byte header (magic <c>89 43 4F 53 0D 0A 1A 0A</c>,
/// format version, page size, capacity, header CRC-32C); a page table of 8 bytes per <see cref="Eeprom.PageSize"/>-byte
/// page (CRC-32C of the page, its index and its write count; the write count, so wear survives restarts); the data area
/// (the EEPROM image); a write-ahead region large enough for every page.</para>
/// <para><see cref="Flush"/> writes the pages written since the last flush as one write-ahead record (sequence number,
/// pages, CRC-32C), then applies them to the data area and the page table. Opening redoes a valid write-ahead record
/// (applying it twice is harmless), then verifies every page. A record torn by a kill fails its CRC and is ignored: the
/// data area was not touched yet.</para>
/// <para>The file is opened exclusively (an advisory lock on Unix), so two processes cannot run the same card.</para>
/// </remarks>
public sealed class CardImageFile : IDisposable
{
    /// <summary>The format version this code writes and reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>The size of the file header in bytes.</summary>
    public const int HeaderSize = 64;

    /// <summary>The longest card profile name the header records.</summary>
    public const int MaxProfileLength = 32;

    private const int PageSize = Eeprom.PageSize;
    private const int PageEntrySize = 8; // CRC-32C u32, write count u32
    private const int VersionOffset = 8;
    private const int PageSizeOffset = 12;
    private const int CapacityOffset = 16;
    private const int ProfileLengthOffset = 20;
    private const int ProfileOffset = 21;
    private const int ReservedOffset = ProfileOffset + MaxProfileLength;
    private const int HeaderCrcOffset = HeaderSize - 4;
    private const int SharingViolation = unchecked((int)0x80070020);
    private const uint RecordMagic = 0x314C4157; // "WAL1"
    private const int RecordHeaderSize = 16; // magic u32, page count u32, sequence u64
    private const int RecordPageSize = 8 + PageSize; // page index u32, write count u32, the page

    private readonly SafeFileHandle _handle;
    private readonly byte[] _table;
    private readonly long _tableOffset;
    private readonly long _dataOffset;
    private readonly long _recordOffset;
    private byte[] _record = [];
    private byte[]? _redo;
    private bool _failed;
    private bool _disposed;

    private CardImageFile(string path, SafeFileHandle handle, ImageHeader header, ImageDurability durability, bool readOnly, byte[] table, byte[] image, (long Sequence, byte[]? Record) redo)
    {
        int capacity = header.Capacity;
        FilePath = path;
        Profile = header.Profile;
        IsReadOnly = readOnly;
        _redo = readOnly ? null : redo.Record;
        _handle = handle;
        Capacity = capacity;
        Durability = durability;
        _table = table;
        _tableOffset = HeaderSize;
        _dataOffset = DataOffset(capacity);
        _recordOffset = _dataOffset + capacity;
        Sequence = redo.Sequence;

        var writes = new uint[capacity / PageSize];
        for (int page = 0; page < writes.Length; page++)
            writes[page] = BinaryPrimitives.ReadUInt32LittleEndian(table.AsSpan((page * PageEntrySize) + 4));
        Eeprom = new Eeprom(image, writes);
    }

    /// <summary>The image file's path, as given.</summary>
    public string FilePath { get; }

    /// <summary>The EEPROM size in bytes.</summary>
    public int Capacity { get; }

    /// <summary>
    /// The card profile recorded when the image was created (for example <c>bank-user</c>), so that a host can refuse to
    /// run it as another kind of card; null if none was recorded (images made before profiles were recorded carry none).
    /// </summary>
    public string? Profile { get; }

    /// <summary>True for an image opened with <see cref="OpenReadOnly"/>: nothing is ever written to the file.</summary>
    public bool IsReadOnly { get; }

    /// <summary>Whether flushes reach the disk or only the operating system.</summary>
    public ImageDurability Durability { get; }

    /// <summary>The card's EEPROM, loaded from the file; <see cref="Flush"/> writes its changed pages back.</summary>
    public Eeprom Eeprom { get; }

    /// <summary>The sequence number of the last write-ahead record (flushes since the image was created, if none was lost to a kill).</summary>
    public long Sequence { get; private set; }

    // PNG-style: a high byte, "COS", CR LF, EOF, LF: text-mode mangling and truncation to 7 bits both show.
    private static ReadOnlySpan<byte> Magic => [0x89, 0x43, 0x4F, 0x53, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Bytes this object has written to the file (write-ahead records, pages and page-table entries).</summary>
    public long BytesWritten { get; private set; }

    /// <summary>The length in bytes of the image file of a <paramref name="capacity"/>-byte EEPROM.</summary>
    public static long GetFileLength(int capacity) => DataOffset(capacity) + capacity + RecordCapacity(capacity / PageSize);

    /// <summary>
    /// Creates the image file of a blank (all-zero) EEPROM and opens it. An existing file is never overwritten.
    /// The file appears complete or not at all: it is written under a temporary name, then renamed.
    /// </summary>
    /// <param name="path">Where the image goes.</param>
    /// <param name="capacity">The EEPROM size: a multiple of <see cref="Storage.Eeprom.PageSize"/> between <see cref="Storage.Eeprom.MinCapacity"/> and <see cref="Storage.Eeprom.MaxCapacity"/>.</param>
    /// <param name="durability">How far each flush goes.</param>
    /// <param name="profile">The card profile to record in the header (see <see cref="Profile"/>): 1 to <see cref="MaxProfileLength"/> printable ASCII characters without spaces; null records none.</param>
    /// <exception cref="CardImageException">The file already exists, or it cannot be written (no such directory, disk full, ...); nothing is left behind.</exception>
    public static CardImageFile Create(string path, int capacity, ImageDurability durability = ImageDurability.Buffered, string? profile = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (capacity is < Eeprom.MinCapacity or > Eeprom.MaxCapacity || capacity % PageSize != 0)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, $"EEPROM capacity is a multiple of {PageSize} between {Eeprom.MinCapacity} and {Eeprom.MaxCapacity} bytes.");
        if (profile is not null && !IsProfileName(profile))
            throw new ArgumentException($"A profile name has 1 to {MaxProfileLength} printable ASCII characters without spaces, not '{profile}'.", nameof(profile));
        if (Directory.Exists(path))
            throw new CardImageException(path, "is a directory, not a card image", null);
        if (File.Exists(path) || HostFile.DescribeIrregular(path) is not null)
            throw new CardImageException(path, "already exists; open it, or delete it first", null);
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
            throw new CardImageException(path, $"cannot be created: no directory {directory}", null);

        int pages = capacity / PageSize;
        string temporary = $"{path}.{Guid.NewGuid():N}.creating";
        try
        {
            // Allocated in full now (fallocate), so a full disk refuses the image here, not a card's flush later.
            using (SafeFileHandle handle = File.OpenHandle(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.None, GetFileLength(capacity)))
            {
                RandomAccess.SetLength(handle, GetFileLength(capacity));

                byte[] head = new byte[HeaderSize + (pages * PageEntrySize)];
                WriteHeader(head, capacity, profile);
                Span<byte> zeroPage = stackalloc byte[PageSize];
                zeroPage.Clear();
                for (int page = 0; page < pages; page++)
                    BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(HeaderSize + (page * PageEntrySize)), PageCrc(page, zeroPage, 0));
                RandomAccess.Write(handle, head, 0);
                RandomAccess.FlushToDisk(handle);
            }

            File.Move(temporary, path, overwrite: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            // ArgumentOutOfRangeException: SetLength past the file-size limit (EFBIG), which .NET reports as an argument.
            TryDelete(temporary);
            if (e is CardImageException)
                throw;
            string problem = e is ArgumentOutOfRangeException
                ? $"cannot be created: {GetFileLength(capacity)} bytes are too large for the file system or the file-size limit"
                : $"cannot be created: {e.Message.TrimEnd('.')}";
            throw new CardImageException(path, File.Exists(path) ? "already exists; open it, or delete it first" : problem, e);
        }

        return Open(path, capacity, durability);
    }

    /// <summary>Opens an existing image file of any capacity, redoes its last write-ahead record if needed, and verifies every page.</summary>
    /// <exception cref="CardImageException">The file is missing, locked, corrupt, truncated, of another format, or not an image.</exception>
    public static CardImageFile Open(string path, ImageDurability durability = ImageDurability.Buffered) => Open(path, null, durability, readOnly: false);

    /// <summary>
    /// Opens an image file for reading only, to look at what it holds: it takes a shared lock (so it is refused, naming the
    /// holder, while a card runs on the image), works on a read-only file, and never writes: a pending write-ahead record
    /// is applied in memory only. <see cref="Flush"/> refuses, and no card can run on it.
    /// </summary>
    /// <exception cref="CardImageException">As <see cref="Open(string, ImageDurability)"/>.</exception>
    public static CardImageFile OpenReadOnly(string path) => Open(path, null, ImageDurability.Buffered, readOnly: true);

    /// <summary>Whether <paramref name="path"/> names this image's file: its path, a symbolic link to it, or a hard link.</summary>
    public bool IsSameFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return HostFile.IsSameFile(FilePath, path);
    }

    /// <summary>Opens an existing image file that must hold a <paramref name="expectedCapacity"/>-byte EEPROM.</summary>
    /// <exception cref="CardImageException">As <see cref="Open(string, ImageDurability)"/>, or the capacity differs.</exception>
    public static CardImageFile Open(string path, int expectedCapacity, ImageDurability durability = ImageDurability.Buffered) =>
        Open(path, (int?)expectedCapacity, durability, readOnly: false);

    /// <summary>
    /// Writes the pages changed since the last flush: one write-ahead record, then the data area and page table
    /// (with <see cref="ImageDurability.WriteThrough"/>, the record is forced to disk first). The card calls this at the
    /// end of every command, power-off and power cut; allocation-free in steady state.
    /// </summary>
    /// <exception cref="CardImageException">The file could not be written; the image refuses further flushes until reopened.</exception>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsReadOnly)
            throw new InvalidOperationException($"The image {FilePath} was opened read-only.");
        if (_failed)
            throw new CardImageException(FilePath, "an earlier write failed; reopen the image", null);
        if (!Eeprom.HasDirtyPages)
            return;

        ReadOnlySpan<byte> image = Eeprom.Image;
        ReadOnlySpan<uint> writes = Eeprom.PageWriteCounts;
        int count = 0;
        for (int page = Eeprom.NextDirtyPage(0); page >= 0; page = Eeprom.NextDirtyPage(page + 1))
            count++;

        int length = RecordHeaderSize + (count * RecordPageSize) + 4;
        if (_record.Length < length)
            _record = new byte[Math.Max(length, _record.Length * 2)];
        Span<byte> record = _record.AsSpan(0, length);
        BinaryPrimitives.WriteUInt32LittleEndian(record, RecordMagic);
        BinaryPrimitives.WriteInt32LittleEndian(record[4..], count);
        BinaryPrimitives.WriteInt64LittleEndian(record[8..], Sequence + 1);
        int at = RecordHeaderSize;
        for (int page = Eeprom.NextDirtyPage(0); page >= 0; page = Eeprom.NextDirtyPage(page + 1))
        {
            ReadOnlySpan<byte> data = image.Slice(page * PageSize, PageSize);
            BinaryPrimitives.WriteInt32LittleEndian(record[at..], page);
            BinaryPrimitives.WriteUInt32LittleEndian(record[(at + 4)..], writes[page]);
            data.CopyTo(record[(at + 8)..]);
            at += RecordPageSize;
            SetTableEntry(page, data, writes[page]);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(record[at..], Crc32C.Compute(record[..at]));

        try
        {
            // The write-ahead record found at open must be in the data area before a new record replaces it.
            if (_redo is not null)
                ApplyRedo(_redo);
            RandomAccess.Write(_handle, record, _recordOffset);
            BytesWritten += record.Length;
            if (Durability == ImageDurability.WriteThrough)
                RandomAccess.FlushToDisk(_handle);

            // Apply each run of consecutive pages with one write to the data area and one to the page table.
            for (int first = Eeprom.NextDirtyPage(0); first >= 0;)
            {
                int end = first + 1;
                while (Eeprom.NextDirtyPage(end) == end)
                    end++;
                ApplyRun(image, first, end);
                first = Eeprom.NextDirtyPage(end);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _failed = true;
            throw new CardImageException(FilePath, $"write failed: {e.Message}", e);
        }

        Eeprom.ClearDirtyPages();
        Sequence++;
    }

    /// <summary>Flushes what is pending (see <see cref="Flush"/>, which may throw), then closes the file.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        try
        {
            if (!_failed && !IsReadOnly)
                Flush();
            if (!_failed && !IsReadOnly && Durability == ImageDurability.WriteThrough)
                RandomAccess.FlushToDisk(_handle);
        }
        finally
        {
            _disposed = true;
            _handle.Dispose();
        }
    }

    private static long DataOffset(int capacity) => (HeaderSize + ((long)capacity / PageSize * PageEntrySize) + PageSize - 1) / PageSize * PageSize;

    private static int RecordCapacity(int pages) => RecordHeaderSize + (pages * RecordPageSize) + 4;

    private static uint PageCrc(int page, ReadOnlySpan<byte> data, uint writes)
    {
        // The page index seeds the CRC (a page copied to the wrong place fails), and the write count is covered too.
        Span<byte> count = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(count, writes);
        return Crc32C.Compute(count, Crc32C.Compute(data, (uint)page));
    }

    private static void WriteHeader(Span<byte> header, int capacity, string? profile)
    {
        header[..HeaderSize].Clear();
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[VersionOffset..], FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(header[PageSizeOffset..], PageSize);
        BinaryPrimitives.WriteInt32LittleEndian(header[CapacityOffset..], capacity);
        if (profile is not null)
        {
            header[ProfileLengthOffset] = (byte)profile.Length;
            for (int i = 0; i < profile.Length; i++)
                header[ProfileOffset + i] = (byte)profile[i];
        }

        BinaryPrimitives.WriteUInt32LittleEndian(header[HeaderCrcOffset..], Crc32C.Compute(header[..HeaderCrcOffset]));
    }

    private static bool IsProfileName(ReadOnlySpan<char> name)
    {
        if (name.Length is < 1 or > MaxProfileLength)
            return false;
        foreach (char c in name)
        {
            if (c is <= ' ' or > '~')
                return false;
        }

        return true;
    }

    private static CardImageFile Open(string path, int? expectedCapacity, ImageDurability durability, bool readOnly)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);

        // Checked before opening: opening a FIFO for reading waits for a writer, forever.
        string? irregular = HostFile.DescribeIrregular(path);
        if (irregular is not null)
            throw new CardImageException(path, $"is {irregular}, not a card image file", null);

        SafeFileHandle handle;
        try
        {
            handle = readOnly
                ? File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read)
                : File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CardImageException(path, "no such file", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new CardImageException(path, $"cannot be opened{(readOnly ? string.Empty : " for writing")}: permission denied", e);
        }
        catch (IOException e)
        {
            // The only IOException of an open that found the file is a lock held elsewhere (flock on Unix).
            string? holder = HostFile.DescribeLockHolder(path);
            if (holder is not null)
                throw new CardImageException(path, $"in use by {holder}", e) { InUse = true };
            throw new CardImageException(path, $"cannot be opened: {e.Message.TrimEnd('.')}", e) { InUse = e.HResult == SharingViolation };
        }

        try
        {
            return Load(path, handle, expectedCapacity, durability, readOnly);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            handle.Dispose();
            if (e is CardImageException)
                throw;
            throw new CardImageException(path, $"cannot be read: {e.Message.TrimEnd('.')}", e);
        }
    }

    private static ImageHeader ReadHeader(string path, ReadOnlySpan<byte> header, long length, int? expectedCapacity)
    {
        ReadOnlySpan<byte> magic = Magic;
        int read = (int)Math.Min(length, HeaderSize);
        if (!header[..Math.Min(read, magic.Length)].SequenceEqual(magic[..Math.Min(read, magic.Length)]))
            throw new CardImageException(path, "not a CardOS card image (bad magic)", null);
        if (read < HeaderSize)
            throw new CardImageException(path, $"truncated: {length} bytes, expected at least {HeaderSize}", null);

        int version = BinaryPrimitives.ReadInt32LittleEndian(header[VersionOffset..]);
        if (version != FormatVersion)
            throw new CardImageException(path, $"format version {version}, expected {FormatVersion}", null);
        if (BinaryPrimitives.ReadUInt32LittleEndian(header[HeaderCrcOffset..]) != Crc32C.Compute(header[..HeaderCrcOffset]))
            throw new CardImageException(path, "header checksum mismatch", null);
        int pageSize = BinaryPrimitives.ReadInt32LittleEndian(header[PageSizeOffset..]);
        if (pageSize != PageSize)
            throw new CardImageException(path, $"page size {pageSize}, expected {PageSize}", null);
        int capacity = BinaryPrimitives.ReadInt32LittleEndian(header[CapacityOffset..]);
        if (capacity is < Eeprom.MinCapacity or > Eeprom.MaxCapacity || capacity % PageSize != 0)
            throw new CardImageException(path, $"capacity {capacity} is not a multiple of {PageSize} between {Eeprom.MinCapacity} and {Eeprom.MaxCapacity}", null);
        if (expectedCapacity is int expected && capacity != expected)
            throw new CardImageException(path, $"capacity {capacity}, expected {expected}", null);

        // Bytes 20-59 were reserved (zero) before profiles were recorded; an old image reads as "no profile".
        int profileLength = header[ProfileLengthOffset];
        if (profileLength > MaxProfileLength)
            throw new CardImageException(path, $"header names a profile of {profileLength} characters, at most {MaxProfileLength}", null);
        ReadOnlySpan<byte> name = header.Slice(ProfileOffset, profileLength);
        string? profile = profileLength == 0 ? null : System.Text.Encoding.ASCII.GetString(name);
        if ((profile is not null && !IsProfileName(profile)) || header[(ProfileOffset + profileLength)..ReservedOffset].IndexOfAnyExcept((byte)0) >= 0)
            throw new CardImageException(path, "header profile field is not a profile name", null);
        if (header[ReservedOffset..HeaderCrcOffset].IndexOfAnyExcept((byte)0) >= 0)
            throw new CardImageException(path, "header reserved bytes are not zero", null);

        long fileLength = GetFileLength(capacity);
        if (length < fileLength)
            throw new CardImageException(path, $"truncated: {length} bytes, expected {fileLength}", null);
        if (length > fileLength)
            throw new CardImageException(path, $"{length} bytes, expected {fileLength}", null);
        return new ImageHeader(capacity, profile);
    }

    private static CardImageFile Load(string path, SafeFileHandle handle, int? expectedCapacity, ImageDurability durability, bool readOnly)
    {
        long length = RandomAccess.GetLength(handle);
        Span<byte> headerBytes = stackalloc byte[HeaderSize];
        ReadAt(handle, headerBytes[..(int)Math.Min(length, HeaderSize)], 0);
        ImageHeader header = ReadHeader(path, headerBytes, length, expectedCapacity);

        int capacity = header.Capacity;
        int pages = capacity / PageSize;
        byte[] table = new byte[pages * PageEntrySize];
        byte[] image = new byte[capacity];
        long dataOffset = DataOffset(capacity);
        ReadAt(handle, table, HeaderSize);
        ReadAt(handle, image, dataOffset);

        (long Sequence, byte[]? Record) redo = Redo(path, handle, pages, table, image, dataOffset + capacity);

        for (int page = 0; page < pages; page++)
        {
            ReadOnlySpan<byte> entry = table.AsSpan(page * PageEntrySize, PageEntrySize);
            uint writes = BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]);
            if (BinaryPrimitives.ReadUInt32LittleEndian(entry) != PageCrc(page, image.AsSpan(page * PageSize, PageSize), writes))
                throw new CardImageException(path, $"page {page} checksum mismatch", null);
        }

        return new CardImageFile(path, handle, header, durability, readOnly, table, image, redo);
    }

    /// <summary>
    /// Applies the write-ahead record, if it is whole, to the table and image in memory (a record already applied is
    /// applied again, harmlessly); the file is written only by the next <see cref="Flush"/>, which applies the record to
    /// the data area before it writes a new one. Returns the record's sequence number and, if it was whole, the record.
    /// </summary>
    private static (long Sequence, byte[]? Record) Redo(string path, SafeFileHandle handle, int pages, byte[] table, byte[] image, long recordOffset)
    {
        Span<byte> head = stackalloc byte[RecordHeaderSize];
        ReadAt(handle, head, recordOffset);
        int count = BinaryPrimitives.ReadInt32LittleEndian(head[4..]);

        // A record torn by a kill fails its CRC (or, torn inside its page count, names an impossible count): it was never
        // applied, and the data area holds the flush before it.
        if (BinaryPrimitives.ReadUInt32LittleEndian(head) != RecordMagic || count < 1 || count > pages)
            return (0, null);
        byte[] record = new byte[RecordHeaderSize + (count * RecordPageSize) + 4];
        ReadAt(handle, record, recordOffset);
        int end = record.Length - 4;
        if (BinaryPrimitives.ReadUInt32LittleEndian(record.AsSpan(end)) != Crc32C.Compute(record.AsSpan(0, end)))
            return (0, null);

        // A whole record with impossible contents was written so, or damaged in a way a CRC does not show: refused.
        int previous = -1;
        for (int at = RecordHeaderSize; at < end; at += RecordPageSize)
        {
            int page = BinaryPrimitives.ReadInt32LittleEndian(record.AsSpan(at));
            if (page < 0 || page >= pages)
                throw new CardImageException(path, $"write-ahead record names page {page} of {pages}", null);
            if (page <= previous)
                throw new CardImageException(path, $"write-ahead record lists page {page} out of order", null);
            previous = page;
        }

        long sequence = BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(8));
        if (sequence < 1)
            throw new CardImageException(path, $"write-ahead record has sequence number {sequence}", null);
        for (int at = RecordHeaderSize; at < end; at += RecordPageSize)
        {
            int page = BinaryPrimitives.ReadInt32LittleEndian(record.AsSpan(at));
            uint writes = BinaryPrimitives.ReadUInt32LittleEndian(record.AsSpan(at + 4));
            ReadOnlySpan<byte> data = record.AsSpan(at + 8, PageSize);
            data.CopyTo(image.AsSpan(page * PageSize));
            Span<byte> entry = table.AsSpan(page * PageEntrySize, PageEntrySize);
            BinaryPrimitives.WriteUInt32LittleEndian(entry, PageCrc(page, data, writes));
            BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], writes);
        }

        return (sequence, record);
    }

    private static int ReadAt(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read = RandomAccess.Read(handle, buffer[total..], offset + total);
            if (read == 0)
                break;
            total += read;
        }

        return total;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a stray temporary file is harmless (never opened as an image).
        }
    }

    /// <summary>Writes the pages of the write-ahead record found at open to the data area and page table, as they are in the record.</summary>
    private void ApplyRedo(byte[] record)
    {
        Span<byte> entry = stackalloc byte[PageEntrySize];
        for (int at = RecordHeaderSize; at < record.Length - 4; at += RecordPageSize)
        {
            int page = BinaryPrimitives.ReadInt32LittleEndian(record.AsSpan(at));
            uint writes = BinaryPrimitives.ReadUInt32LittleEndian(record.AsSpan(at + 4));
            ReadOnlySpan<byte> data = record.AsSpan(at + 8, PageSize);
            BinaryPrimitives.WriteUInt32LittleEndian(entry, PageCrc(page, data, writes));
            BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], writes);
            RandomAccess.Write(_handle, data, _dataOffset + ((long)page * PageSize));
            RandomAccess.Write(_handle, entry, _tableOffset + ((long)page * PageEntrySize));
            BytesWritten += PageSize + PageEntrySize;
        }

        _redo = null;
    }

    /// <summary>The header fields a loaded image keeps.</summary>
    private readonly record struct ImageHeader(int Capacity, string? Profile);

    private void SetTableEntry(int page, ReadOnlySpan<byte> data, uint writes)
    {
        Span<byte> entry = _table.AsSpan(page * PageEntrySize, PageEntrySize);
        BinaryPrimitives.WriteUInt32LittleEndian(entry, PageCrc(page, data, writes));
        BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], writes);
    }

    private void ApplyRun(ReadOnlySpan<byte> image, int first, int end)
    {
        BytesWritten += (long)(end - first) * (PageSize + PageEntrySize);
        RandomAccess.Write(_handle, image[(first * PageSize)..(end * PageSize)], _dataOffset + ((long)first * PageSize));
        RandomAccess.Write(_handle, _table.AsSpan(first * PageEntrySize, (end - first) * PageEntrySize), _tableOffset + ((long)first * PageEntrySize));
    }
}
