using System.Buffers;
using System.Buffers.Binary;
using CardOS.Apdu;

namespace CardOS.Storage;

/// <summary>
/// The card's persistent memory manager: the system area, the transaction journal and the object heap,
/// all inside the <see cref="Storage.Eeprom"/> image, with JavaCard transaction semantics
/// (Java Card 3.0.5 Runtime Environment Specification, chapter 7: atomicity and transactions).
/// </summary>
/// <remarks>
/// <para>Layout: a 16-byte system header (magic, layout version, journal capacity, heap top), the journal,
/// then the heap of allocated objects. docs/storage.md draws it and argues why each step is tear-safe.</para>
/// <para>The journal is an undo log of entries (marker, address, length, the old bytes, CRC-32C). Before an atomic
/// write changes bytes, its entry is appended in three writes: the byte where the entry will end is made a
/// non-marker, the entry's body lands, and last a single-byte write sets the entry's marker, which makes it valid.
/// Then the new bytes are written. Commit is one single-byte write that turns the first entry's marker into a
/// terminator. At power-up, every valid entry is undone newest first and the journal is closed the same way.
/// A single-byte write cannot tear, so an entry is either valid and complete or invisible; a torn undo simply runs
/// again at the next power-up.</para>
/// </remarks>
public sealed class PersistentMemory
{
    /// <summary>The default journal size in bytes (the commit capacity plus per-entry overhead).</summary>
    public const int DefaultJournalCapacity = 4096;

    /// <summary>The smallest journal a card may have.</summary>
    public const int MinJournalCapacity = 64;

    /// <summary>Bytes each journal entry adds to the logged bytes: marker, address, length, CRC.</summary>
    public const int JournalEntryOverhead = 1 + 4 + 2 + 4;

    private const int HeaderSize = 16;
    private const uint Magic = 0x534F4443; // "CDOS" little-endian
    private const int VersionOffset = 4;
    private const int JournalCapacityOffset = 8;
    private const int HeapTopOffset = 12;
    private const byte LayoutVersion = 1;
    private const byte EntryMarker = 0xA5;
    private const byte Terminator = 0x00;
    private const int EntryHeadSize = 7; // marker u8, address i32, length u16
    private const int MaxEntryData = ushort.MaxValue;
    private const int BlockHeaderSize = 24; // length i32, id u16, AID length u8, AID padded to 16, reserved

    private readonly int _journalStart = HeaderSize;
    private int _journalCapacity;
    private int _journalUsed;
    private bool _inTransaction;

    /// <summary>
    /// What a card does at its first power-up on <paramref name="eeprom"/>: <see cref="Format"/> a blank EEPROM (erased,
    /// or a format cut short), <see cref="Open"/> a formatted one. Tools that must not write call <see cref="Open"/>.
    /// </summary>
    /// <param name="eeprom">The EEPROM: blank, or laid out by an earlier format.</param>
    /// <param name="journalCapacity">The journal size used when formatting; an existing layout keeps its own.</param>
    /// <exception cref="InvalidDataException">The EEPROM holds something other than a CardOS layout; it is never reformatted.</exception>
    public static PersistentMemory OpenOrFormat(Eeprom eeprom, int journalCapacity = DefaultJournalCapacity)
    {
        ArgumentNullException.ThrowIfNull(eeprom);
        return IsFormatted(eeprom) ? Open(eeprom) : Format(eeprom, journalCapacity);
    }

    private PersistentMemory(Eeprom eeprom)
    {
        ArgumentNullException.ThrowIfNull(eeprom);
        Eeprom = eeprom;
    }

    /// <summary>
    /// Whether <paramref name="eeprom"/> holds a finished format (its layout version byte is set). A blank EEPROM, or one
    /// whose format was cut short, is not formatted: <see cref="Format"/> it; a formatted one is <see cref="Open"/>ed.
    /// </summary>
    public static bool IsFormatted(Eeprom eeprom)
    {
        ArgumentNullException.ThrowIfNull(eeprom);
        return eeprom.Read(VersionOffset, 1)[0] != 0;
    }

    /// <summary>
    /// Lays out a blank EEPROM (never formatted, or a format cut short): journal, system header, then, in a last
    /// single-byte write, the layout version. Tear-safe: a cut leaves the EEPROM blank for the next attempt.
    /// </summary>
    /// <param name="eeprom">A blank EEPROM.</param>
    /// <param name="journalCapacity">The journal size: <see cref="MinJournalCapacity"/> to half the EEPROM.</param>
    /// <exception cref="InvalidOperationException">The EEPROM is already formatted (<see cref="Open"/> it instead).</exception>
    /// <exception cref="InvalidDataException">The EEPROM is neither formatted nor blank; nothing is written.</exception>
    public static PersistentMemory Format(Eeprom eeprom, int journalCapacity = DefaultJournalCapacity)
    {
        if (IsFormatted(eeprom))
            throw new InvalidOperationException("The EEPROM is already formatted; open it instead.");
        var memory = new PersistentMemory(eeprom);
        memory.FormatBlank(journalCapacity);
        return memory;
    }

    /// <summary>
    /// Opens a formatted EEPROM without writing to it, after checking its whole layout: the system header, the objects'
    /// block headers and the journal's entries. A journal left by a power cut stays as it is until <see cref="PowerUp"/>
    /// rolls it back (<see cref="CountJournalEntries"/> counts its entries).
    /// </summary>
    /// <exception cref="InvalidDataException">The EEPROM is blank, or its layout is wrong; the message names the structure.</exception>
    public static PersistentMemory Open(Eeprom eeprom)
    {
        if (!IsFormatted(eeprom))
            throw new InvalidDataException("The EEPROM is not formatted (its system header has layout version 0).");
        var memory = new PersistentMemory(eeprom);
        memory.Validate();
        return memory;
    }

    /// <summary>The EEPROM this manager lays out.</summary>
    public Eeprom Eeprom { get; }

    /// <summary>True while a transaction is open.</summary>
    public bool InTransaction => _inTransaction;

    /// <summary>The journal's size in bytes, as formatted.</summary>
    public int JournalCapacity => _journalCapacity;

    /// <summary>Journal bytes a transaction may still use; each atomic write costs its length plus <see cref="JournalEntryOverhead"/>.</summary>
    public int CommitCapacityAvailable => Math.Max(0, _journalCapacity - _journalUsed - JournalEntryOverhead - 1);

    /// <summary>Bytes of EEPROM not yet allocated to objects (each object also takes a 24-byte header and is padded to 8 bytes).</summary>
    public int AvailableBytes => Eeprom.Capacity - HeapTop;

    private int HeapStart => _journalStart + _journalCapacity;

    private int HeapTop => BinaryPrimitives.ReadInt32LittleEndian(Eeprom.Read(HeapTopOffset, 4));

    /// <summary>
    /// The valid entries in the journal: the writes <see cref="PowerUp"/> would undo. Nonzero only while a transaction
    /// is open, or when a power cut interrupted an atomic write or a transaction that recovery has not rolled back yet.
    /// </summary>
    public int CountJournalEntries()
    {
        int count = 0;
        for (int position = 0; TryReadEntry(position, out int size); position += size)
            count++;
        return count;
    }

    /// <summary>A snapshot of capacity, free memory, journal and wear figures.</summary>
    public StorageStatistics GetStatistics() => new(
        Eeprom.Capacity, Eeprom.PageCount, AvailableBytes, _journalCapacity, CommitCapacityAvailable,
        Eeprom.WriteCount, Eeprom.BytesWritten, Eeprom.MaxPageWrites, Eeprom.TotalPageWrites);

    /// <summary>Opens a transaction (JCSystem.beginTransaction): atomic writes until commit or abort are all-or-nothing together.</summary>
    /// <exception cref="InvalidOperationException">A transaction is already open (JavaCard has no nesting).</exception>
    public void BeginTransaction()
    {
        if (_inTransaction)
            throw new InvalidOperationException("A transaction is already open; transactions do not nest.");
        _inTransaction = true;
    }

    /// <summary>Makes the open transaction's writes permanent, in one single-byte EEPROM write.</summary>
    /// <exception cref="InvalidOperationException">No transaction is open.</exception>
    public void CommitTransaction()
    {
        if (!_inTransaction)
            throw new InvalidOperationException("No transaction is open.");
        CloseJournal();
        _inTransaction = false;
    }

    /// <summary>Undoes the open transaction's writes.</summary>
    /// <exception cref="InvalidOperationException">No transaction is open.</exception>
    public void AbortTransaction()
    {
        if (!_inTransaction)
            throw new InvalidOperationException("No transaction is open.");
        RollBack();
        _inTransaction = false;
    }

    /// <summary>Aborts the open transaction, if any (the runtime calls this when a command ends, on deselect and on faults).</summary>
    public void AbortOpenTransaction()
    {
        if (_inTransaction)
            AbortTransaction();
    }

    /// <summary>
    /// Runs power-up recovery: forgets the RAM state of any transaction that power loss interrupted and undoes
    /// the journalled writes it left behind.
    /// </summary>
    /// <exception cref="PowerLossException">A scheduled power cut landed on a recovery write; the next power-up runs recovery again.</exception>
    public void PowerUp()
    {
        Eeprom.PowerUp();
        _inTransaction = false;
        RollBack();
    }

    /// <summary>
    /// Writes <paramref name="data"/> at <paramref name="address"/> atomically: inside a transaction it becomes
    /// part of it; outside, it is all-or-nothing on its own.
    /// </summary>
    /// <exception cref="IsoException">6A84 when the journal cannot hold the old bytes; nothing is written.</exception>
    internal void WriteAtomic(int address, ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
            return;
        int chunks = (data.Length + MaxEntryData - 1) / MaxEntryData;
        long needed = ((long)chunks * JournalEntryOverhead) + data.Length;
        if (_journalUsed + needed + 1 > _journalCapacity)
            throw new IsoException(StatusWord.NotEnoughMemory, $"The transaction journal cannot hold {data.Length} more bytes ({CommitCapacityAvailable} left).");

        for (int offset = 0; offset < data.Length; offset += MaxEntryData)
            Log(address + offset, Math.Min(MaxEntryData, data.Length - offset));
        Eeprom.Write(address, data);
        if (!_inTransaction)
            CloseJournal();
    }

    /// <summary>Writes straight to EEPROM (JavaCard Util.arrayCopyNonAtomic): no journal, not undone by abort, may tear.</summary>
    internal void WriteNonAtomic(int address, ReadOnlySpan<byte> data) => Eeprom.Write(address, data);

    /// <summary>
    /// Finds the object <paramref name="id"/> of <paramref name="owner"/>, or allocates it (zero-filled) if the image
    /// has none. Re-installing an applet over an existing image re-binds it to its objects this way.
    /// </summary>
    /// <exception cref="IsoException">6A84 when the heap has no room; nothing is written.</exception>
    /// <exception cref="InvalidOperationException">A transaction is open.</exception>
    /// <exception cref="InvalidDataException">The object exists with another length (the image was written by another version of the applet).</exception>
    internal int Allocate(Aid owner, ushort id, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (_inTransaction)
            throw new InvalidOperationException("Persistent objects are allocated outside transactions (at install).");

        foreach (PersistentObjectInfo existing in GetObjects())
        {
            if (existing.Id != id || !existing.Owner.Equals(owner))
                continue;
            if (existing.Length != length)
                throw new InvalidDataException($"Object {id} of applet {owner} exists with {existing.Length} bytes, not {length}: the image was written by another version of the applet.");
            return existing.Address;
        }

        int top = HeapTop;
        long needed = BlockHeaderSize + Align(length);
        if (top + needed > Eeprom.Capacity)
            throw new IsoException(StatusWord.NotEnoughMemory, $"{needed} bytes of EEPROM are needed; {Eeprom.Capacity - top} are free.");

        // The block header goes above the heap top first (harmless if torn: it is not yet part of the heap),
        // then one atomic write moves the top over it. Memory above the top has never been written (an allocation
        // torn before its top moved left only a header, which this one overwrites), so the object reads zero.
        Span<byte> newHeader = stackalloc byte[BlockHeaderSize];
        newHeader.Clear();
        BinaryPrimitives.WriteInt32LittleEndian(newHeader, length);
        BinaryPrimitives.WriteUInt16LittleEndian(newHeader[4..], id);
        newHeader[6] = (byte)owner.Length;
        owner.Span.CopyTo(newHeader[7..]);
        Eeprom.Write(top, newHeader);

        Span<byte> newTop = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(newTop, top + (int)needed);
        WriteAtomic(HeapTopOffset, newTop);
        return top + BlockHeaderSize;
    }

    /// <summary>The objects allocated in the heap, in allocation order: owner AID, object id, address and length.</summary>
    public IReadOnlyList<PersistentObjectInfo> GetObjects()
    {
        var objects = new List<PersistentObjectInfo>();
        int top = HeapTop;
        for (int block = HeapStart; block < top;)
        {
            ReadOnlySpan<byte> header = Eeprom.Read(block, BlockHeaderSize);
            int length = BinaryPrimitives.ReadInt32LittleEndian(header);
            var owner = new Aid(header.Slice(7, header[6]));
            objects.Add(new PersistentObjectInfo(owner, BinaryPrimitives.ReadUInt16LittleEndian(header[4..]), block + BlockHeaderSize, length));
            block += BlockHeaderSize + Align(length);
        }

        return objects;
    }

    private static int Align(int length) => (length + 7) & ~7;

    private void FormatBlank(int journalCapacity)
    {
        // Blank means erased, or a format cut short: a prefix of the system header over zeros (the version byte, the
        // format's last write, still zero) and nothing written past it.
        ReadOnlySpan<byte> old = Eeprom.Read(0, HeaderSize);
        ReadOnlySpan<byte> magic = [0x43, 0x44, 0x4F, 0x53];
        int magicBytes = old[..4].IndexOfAnyExcept(magic);
        bool torn = (magicBytes < 0 || old[magicBytes..4].IndexOfAnyExcept((byte)0) < 0) && old[5..8].IndexOfAnyExcept((byte)0) < 0;
        int written = Eeprom.FirstNonZero(HeaderSize);
        if (!torn || written >= 0)
            throw new InvalidDataException(written >= 0
                ? $"The EEPROM's system header says it is not formatted (layout version 0), but byte 0x{written:X} is written."
                : "The EEPROM's system header says it is not formatted (layout version 0), but holds other bytes than a format cut short.");
        if (journalCapacity < MinJournalCapacity || journalCapacity > Eeprom.Capacity / 2)
            throw new ArgumentOutOfRangeException(nameof(journalCapacity), journalCapacity, $"The journal takes {MinJournalCapacity} bytes to half the EEPROM.");

        _journalCapacity = journalCapacity;
        Span<byte> header = stackalloc byte[HeaderSize];
        header.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(header[JournalCapacityOffset..], journalCapacity);
        BinaryPrimitives.WriteInt32LittleEndian(header[HeapTopOffset..], HeaderSize + journalCapacity);

        // The journal starts closed; then the header lands with version 0 (still "unformatted" if torn); last, one
        // single-byte write of the version makes the layout real.
        if (Eeprom.Read(_journalStart, 1)[0] != Terminator)
            Eeprom.Write(_journalStart, [Terminator]);
        Eeprom.Write(0, header);
        Eeprom.Write(VersionOffset, [LayoutVersion]);
    }

    /// <summary>Checks the system header, every object's block header and every valid journal entry; reads only.</summary>
    private void Validate()
    {
        ReadOnlySpan<byte> header = Eeprom.Read(0, HeaderSize);
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(header);
        byte version = header[VersionOffset];
        if (magic != Magic)
            throw new InvalidDataException($"The EEPROM holds no CardOS system header (magic 0x{magic:X8}, expected 0x{Magic:X8}).");
        if (version != LayoutVersion)
            throw new InvalidDataException($"The EEPROM's system layout is version {version}, expected {LayoutVersion}.");
        if (header[(VersionOffset + 1)..JournalCapacityOffset].IndexOfAnyExcept((byte)0) >= 0)
            throw new InvalidDataException("The EEPROM's system header has non-zero reserved bytes.");
        int journal = BinaryPrimitives.ReadInt32LittleEndian(header[JournalCapacityOffset..]);
        if (journal < MinJournalCapacity || journal > Eeprom.Capacity / 2)
            throw new InvalidDataException($"The EEPROM's system header names a journal of {journal} bytes, which cannot be right for a {Eeprom.Capacity}-byte image.");
        _journalCapacity = journal;
        int top = BinaryPrimitives.ReadInt32LittleEndian(header[HeapTopOffset..]);
        if (top < HeapStart || top > Eeprom.Capacity)
            throw new InvalidDataException($"The EEPROM's system header puts the heap top at {top}, outside [{HeapStart}, {Eeprom.Capacity}].");

        // The heap: block after block up to the top, each header sane and each block inside the heap.
        var blocks = new List<(int Start, int Data, int Length)>();
        for (int block = HeapStart; block < top;)
        {
            if (top - block < BlockHeaderSize)
                throw new InvalidDataException($"The EEPROM's heap top at {top} cuts the object header at 0x{block:X} short.");
            ReadOnlySpan<byte> head = Eeprom.Read(block, BlockHeaderSize);
            int length = BinaryPrimitives.ReadInt32LittleEndian(head);
            if (length < 0 || length > top - block - BlockHeaderSize)
                throw new InvalidDataException($"The EEPROM's object header at 0x{block:X} gives a length of {length} bytes, past the heap top at {top}.");
            int aidLength = head[6];
            if (aidLength is < Aid.MinLength or > Aid.MaxLength)
                throw new InvalidDataException($"The EEPROM's object header at 0x{block:X} gives an owner AID of {aidLength} bytes.");
            if (head[(7 + aidLength)..].IndexOfAnyExcept((byte)0) >= 0)
                throw new InvalidDataException($"The EEPROM's object header at 0x{block:X} has non-zero padding.");
            blocks.Add((block, block + BlockHeaderSize, length));
            block += BlockHeaderSize + Align(length);
            if (block > top)
                throw new InvalidDataException($"The EEPROM's object at 0x{blocks[^1].Start:X} runs past the heap top at {top}.");
        }

        // The journal: each valid entry restores either the heap top (to an object boundary) or bytes of one object.
        int position = 0;
        for (int entry = 1; TryReadEntry(position, out int size); entry++)
        {
            ReadOnlySpan<byte> head = Eeprom.Read(_journalStart + position, EntryHeadSize + 4);
            int address = BinaryPrimitives.ReadInt32LittleEndian(head[1..]);
            int length = BinaryPrimitives.ReadUInt16LittleEndian(head[5..]);
            bool valid;
            if (address == HeapTopOffset && length == 4)
            {
                int oldTop = BinaryPrimitives.ReadInt32LittleEndian(head[EntryHeadSize..]);
                valid = oldTop == top || blocks.Exists(b => b.Start == oldTop);
            }
            else
            {
                valid = blocks.Exists(b => address >= b.Data && (long)address + length <= b.Data + b.Length);
            }

            if (!valid)
                throw new InvalidDataException($"The EEPROM's journal entry {entry} would restore {length} bytes at 0x{address:X}, which belong to no object.");
            position += size;
        }
    }

    /// <summary>Appends the undo entry for [<paramref name="address"/>, +<paramref name="length"/>); the caller checked the room.</summary>
    private void Log(int address, int length)
    {
        int entrySize = JournalEntryOverhead + length;
        int entry = _journalStart + _journalUsed;

        // 1. Whatever follows the entry must stop the scan: a stale marker there (an entry of an older, committed
        //    transaction) becomes a terminator. Any other byte already stops it.
        int end = entry + entrySize;
        if (Eeprom.Read(end, 1)[0] == EntryMarker)
            Eeprom.Write(end, [Terminator]);

        byte[] buffer = ArrayPool<byte>.Shared.Rent(entrySize);
        try
        {
            Span<byte> span = buffer.AsSpan(0, entrySize);
            span[0] = EntryMarker;
            BinaryPrimitives.WriteInt32LittleEndian(span[1..], address);
            BinaryPrimitives.WriteUInt16LittleEndian(span[5..], (ushort)length);
            Eeprom.Read(address, length).CopyTo(span[EntryHeadSize..]);
            BinaryPrimitives.WriteUInt32LittleEndian(span[(EntryHeadSize + length)..], Crc32C.Compute(span[..(EntryHeadSize + length)]));

            // 2. The body, behind a first byte that is still not a marker: torn, it is invisible. (Had the marker come
            //    first, a torn body could leave an older entry's bytes behind a fresh marker, CRC and all: that entry
            //    would then undo a committed write.)
            Eeprom.Write(entry + 1, span[1..]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        // 3. The marker, in one single-byte write (which cannot tear): the entry is now valid.
        Eeprom.Write(entry, [EntryMarker]);
        _journalUsed += entrySize;
    }

    private void CloseJournal()
    {
        if (_journalUsed > 0 || Eeprom.Read(_journalStart, 1)[0] != Terminator)
            Eeprom.Write(_journalStart, [Terminator]);
        _journalUsed = 0;
    }

    private void RollBack()
    {
        // Collect the valid entries (each ends where the next begins), then undo newest first.
        Span<int> starts = stackalloc int[256];
        List<int>? overflow = null;
        int count = 0;
        int position = 0;
        while (TryReadEntry(position, out int size))
        {
            if (count < starts.Length)
                starts[count] = position;
            else
                (overflow ??= []).Add(position);
            count++;
            position += size;
        }

        for (int i = count - 1; i >= 0; i--)
        {
            int start = _journalStart + (i < starts.Length ? starts[i] : overflow![i - starts.Length]);
            ReadOnlySpan<byte> head = Eeprom.Read(start, EntryHeadSize);
            int address = BinaryPrimitives.ReadInt32LittleEndian(head[1..]);
            int length = BinaryPrimitives.ReadUInt16LittleEndian(head[5..]);
            Eeprom.Write(address, Eeprom.Read(start + EntryHeadSize, length));
        }

        _journalUsed = position;
        CloseJournal();
    }

    private bool TryReadEntry(int position, out int size)
    {
        size = 0;
        if (position + JournalEntryOverhead > _journalCapacity)
            return false;
        ReadOnlySpan<byte> head = Eeprom.Read(_journalStart + position, EntryHeadSize);
        if (head[0] != EntryMarker)
            return false;
        int address = BinaryPrimitives.ReadInt32LittleEndian(head[1..]);
        int length = BinaryPrimitives.ReadUInt16LittleEndian(head[5..]);
        if (position + JournalEntryOverhead + length > _journalCapacity || address < 0 || (long)address + length > Eeprom.Capacity)
            return false;
        ReadOnlySpan<byte> covered = Eeprom.Read(_journalStart + position, EntryHeadSize + length);
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(Eeprom.Read(_journalStart + position + EntryHeadSize + length, 4));
        if (Crc32C.Compute(covered) != crc)
            return false;
        size = JournalEntryOverhead + length;
        return true;
    }
}
