using System.Buffers.Binary;
using CardOS.Apdu;

namespace CardOS.Storage;

/// <summary>
/// The card's persistent memory manager: the system area, the transaction journal and the object heap,
/// all inside the <see cref="Storage.Eeprom"/> image, with JavaCard transaction semantics.
/// </summary>
/// <remarks>
/// <para>Layout: a 16-byte system header (magic, layout version, journal capacity, heap top), the journal,
/// then the heap of allocated objects.</para>
/// <para>The journal is an undo log. Before an atomic write changes bytes, a one-byte write places a terminator
/// where the new entry will end, one EEPROM write appends the entry (marker, address, length, the old bytes,
/// CRC-32C), and then the new bytes are written. Commit is one single-byte write that turns the first entry's marker into a terminator. At
/// power-up, every valid entry is undone newest first and the journal is closed the same way. A torn append
/// fails its CRC and ends the scan before any data write it guards; a torn undo simply runs again.</para>
/// </remarks>
public sealed class PersistentMemory
{
    /// <summary>The default journal size in bytes (the commit capacity plus per-entry overhead).</summary>
    public const int DefaultJournalCapacity = 4096;

    /// <summary>Bytes each journal entry adds to the logged bytes: marker, address, length, CRC.</summary>
    public const int JournalEntryOverhead = 1 + 4 + 2 + 4;

    private const int HeaderSize = 16;
    private const uint Magic = 0x534F4443; // "CDOS" little-endian
    private const byte LayoutVersion = 1;
    private const byte EntryMarker = 0xA5;
    private const byte Terminator = 0x00;
    private const int BlockHeaderSize = 24; // length u32, id u16, AID length u8, AID padded to 16, reserved

    private readonly int _journalStart = HeaderSize;
    private int _journalCapacity;
    private int _journalUsed;
    private bool _inTransaction;

    /// <summary>Binds the manager to an EEPROM and formats it if it is blank.</summary>
    public PersistentMemory(Eeprom eeprom, int journalCapacity = DefaultJournalCapacity)
    {
        ArgumentNullException.ThrowIfNull(eeprom);
        Eeprom = eeprom;
        ReadOnlySpan<byte> header = eeprom.Read(0, HeaderSize);
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) == Magic && header[4] == LayoutVersion)
        {
            _journalCapacity = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
            if (_journalCapacity < 64 || _journalCapacity > eeprom.Capacity / 2)
                throw new InvalidDataException($"The EEPROM's system header names a journal of {_journalCapacity} bytes, which cannot be right for a {eeprom.Capacity}-byte image.");
        }
        else
        {
            if (journalCapacity < 64 || journalCapacity > eeprom.Capacity / 2)
                throw new ArgumentOutOfRangeException(nameof(journalCapacity), journalCapacity, "The journal takes 64 bytes to half the EEPROM.");
            Format(journalCapacity);
        }
    }

    /// <summary>The EEPROM this manager lays out.</summary>
    public Eeprom Eeprom { get; }

    /// <summary>True while a transaction is open.</summary>
    public bool InTransaction => _inTransaction;

    /// <summary>Journal bytes a transaction may still use; each atomic write costs its length plus <see cref="JournalEntryOverhead"/>.</summary>
    public int CommitCapacityAvailable => _journalCapacity - _journalUsed - JournalEntryOverhead - 1;

    /// <summary>Bytes of EEPROM not yet allocated to objects.</summary>
    public int AvailableBytes => Eeprom.Capacity - HeapTop;

    private int HeapStart => _journalStart + _journalCapacity;

    private int HeapTop => BinaryPrimitives.ReadInt32LittleEndian(Eeprom.Read(12, 4));

    /// <summary>Opens a transaction: atomic writes until commit or abort are all-or-nothing together.</summary>
    /// <exception cref="InvalidOperationException">A transaction is already open (JavaCard has no nesting).</exception>
    public void BeginTransaction()
    {
        if (_inTransaction)
            throw new InvalidOperationException("A transaction is already open; transactions do not nest.");
        _inTransaction = true;
    }

    /// <summary>Makes the open transaction's writes permanent.</summary>
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
        if (_inTransaction)
        {
            Log(address, data.Length);
            Eeprom.Write(address, data);
            return;
        }

        Log(address, data.Length);
        Eeprom.Write(address, data);
        CloseJournal();
    }

    /// <summary>Writes straight to EEPROM: no journal, not undone by abort, may tear.</summary>
    internal void WriteNonAtomic(int address, ReadOnlySpan<byte> data) => Eeprom.Write(address, data);

    /// <summary>
    /// Finds the object <paramref name="id"/> of <paramref name="owner"/>, or allocates it (zero-filled) if the image
    /// has none. Re-installing an applet over an existing image re-binds it to its objects this way.
    /// </summary>
    /// <exception cref="IsoException">6A84 when the heap has no room.</exception>
    /// <exception cref="InvalidOperationException">A transaction is open, or the object exists with another length.</exception>
    internal int Allocate(Aid owner, ushort id, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (_inTransaction)
            throw new InvalidOperationException("Persistent objects are allocated outside transactions (at install).");

        int top = HeapTop;
        for (int block = HeapStart; block < top;)
        {
            ReadOnlySpan<byte> header = Eeprom.Read(block, BlockHeaderSize);
            int blockLength = BinaryPrimitives.ReadInt32LittleEndian(header);
            if (BinaryPrimitives.ReadUInt16LittleEndian(header[4..]) == id && header[6] == owner.Length
                && header.Slice(7, owner.Length).SequenceEqual(owner.Span))
            {
                if (blockLength != length)
                    throw new InvalidOperationException($"Object {id} of applet {owner} exists with {blockLength} bytes, not {length}: the image was written by another version of the applet.");
                return block + BlockHeaderSize;
            }

            block += BlockHeaderSize + Align(blockLength);
        }

        int needed = BlockHeaderSize + Align(length);
        if ((long)top + needed > Eeprom.Capacity)
            throw new IsoException(StatusWord.NotEnoughMemory, $"{needed} bytes of EEPROM are needed; {Eeprom.Capacity - top} are free.");

        // The block header goes above the heap top first (harmless if torn: it is not yet part of the heap),
        // then one atomic write moves the top over it. Memory above the top has never been written, so it is zero.
        Span<byte> newHeader = stackalloc byte[BlockHeaderSize];
        newHeader.Clear();
        BinaryPrimitives.WriteInt32LittleEndian(newHeader, length);
        BinaryPrimitives.WriteUInt16LittleEndian(newHeader[4..], id);
        newHeader[6] = (byte)owner.Length;
        owner.Span.CopyTo(newHeader[7..]);
        Eeprom.Write(top, newHeader);

        Span<byte> newTop = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(newTop, top + needed);
        WriteAtomic(12, newTop);
        return top + BlockHeaderSize;
    }

    private static int Align(int length) => (length + 7) & ~7;

    private void Format(int journalCapacity)
    {
        _journalCapacity = journalCapacity;
        Span<byte> header = stackalloc byte[HeaderSize];
        header.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        header[4] = LayoutVersion;
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], journalCapacity);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], HeaderSize + journalCapacity);

        // The journal must start closed before the header claims the image; a blank EEPROM already reads zero there.
        Eeprom.Write(_journalStart, [Terminator]);
        Eeprom.Write(0, header);
    }

    private void Log(int address, int length)
    {
        int entrySize = JournalEntryOverhead + length;
        if (_journalUsed + entrySize + 1 > _journalCapacity)
            throw new IsoException(StatusWord.NotEnoughMemory, $"The transaction journal cannot hold {length} more bytes ({CommitCapacityAvailable} left).");

        // The terminator that will follow the entry lands first, in a write of its own: a torn entry then always
        // fails its CRC, and no complete entry is ever followed by a stale one from an older transaction.
        Eeprom.Write(_journalStart + _journalUsed + entrySize, [Terminator]);

        byte[] entry = System.Buffers.ArrayPool<byte>.Shared.Rent(entrySize);
        try
        {
            Span<byte> span = entry.AsSpan(0, entrySize);
            span[0] = EntryMarker;
            BinaryPrimitives.WriteInt32LittleEndian(span[1..], address);
            BinaryPrimitives.WriteUInt16LittleEndian(span[5..], (ushort)length);
            Eeprom.Read(address, length).CopyTo(span[7..]);
            BinaryPrimitives.WriteUInt32LittleEndian(span[(7 + length)..], Crc32C.Compute(span[..(7 + length)]));
            Eeprom.Write(_journalStart + _journalUsed, span);
            _journalUsed += entrySize;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(entry);
        }
    }

    private void CloseJournal()
    {
        if (_journalUsed > 0)
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
            int start = i < starts.Length ? starts[i] : overflow![i - starts.Length];
            ReadOnlySpan<byte> entry = Eeprom.Read(_journalStart + start, 7);
            int address = BinaryPrimitives.ReadInt32LittleEndian(entry[1..]);
            int length = BinaryPrimitives.ReadUInt16LittleEndian(entry[5..]);
            ReadOnlySpan<byte> old = Eeprom.Read(_journalStart + start + 7, length);
            Eeprom.Write(address, old);
        }

        _journalUsed = position;
        CloseJournal();
    }

    private bool TryReadEntry(int position, out int size)
    {
        size = 0;
        if (position + JournalEntryOverhead > _journalCapacity)
            return false;
        ReadOnlySpan<byte> head = Eeprom.Read(_journalStart + position, 7);
        if (head[0] != EntryMarker)
            return false;
        int address = BinaryPrimitives.ReadInt32LittleEndian(head[1..]);
        int length = BinaryPrimitives.ReadUInt16LittleEndian(head[5..]);
        if (position + JournalEntryOverhead + length > _journalCapacity || address < 0 || (long)address + length > Eeprom.Capacity)
            return false;
        ReadOnlySpan<byte> covered = Eeprom.Read(_journalStart + position, 7 + length);
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(Eeprom.Read(_journalStart + position + 7 + length, 4));
        if (Crc32C.Compute(covered) != crc)
            return false;
        size = JournalEntryOverhead + length;
        return true;
    }
}
