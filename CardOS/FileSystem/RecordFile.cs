using CardOS.Apdu;
using CardOS.Storage;

namespace CardOS.FileSystem;

/// <summary>
/// A linear fixed or cyclic EF: records of <see cref="RecordSize"/> bytes, numbered from 1 (READ RECORD, UPDATE RECORD,
/// APPEND RECORD). A linear fixed file numbers its records in the order they were appended, up to <see cref="MaxRecords"/>;
/// in a cyclic file record 1 is the newest, and appending to a full file drops the oldest.
/// </summary>
/// <remarks>
/// EEPROM layout: record count (1), newest slot (1, cyclic only), then the record slots; a cyclic file has one spare
/// slot. An append writes the new record into a slot no record number reaches, then commits it with one atomic
/// write of the header, so a power cut leaves the file as it was before or after the append.
/// </remarks>
public sealed class RecordFile : ElementaryFile
{
    /// <summary>The most records a file can hold (record numbers '01' to 'FE').</summary>
    public const int MaxRecordCount = 254;

    /// <summary>The longest record (a short Le reads it whole).</summary>
    public const int MaxRecordSize = 255;

    private const int HeaderSize = 2;

    private readonly PersistentArray _store;
    private readonly int _offset;

    internal RecordFile(IsoFileSystem fileSystem, int slot, DedicatedFile parent, ushort fileId, in FileAttributes attributes, FileStructure structure, int maxRecords, int recordSize, PersistentArray store, int offset)
        : base(fileSystem, slot, parent, fileId, structure, attributes)
    {
        MaxRecords = maxRecords;
        RecordSize = recordSize;
        _store = store;
        _offset = offset;
    }

    /// <summary>True for a cyclic file, false for a linear fixed one.</summary>
    public bool IsCyclic => Structure == FileStructure.Cyclic;

    /// <summary>The size of every record.</summary>
    public int RecordSize { get; }

    /// <summary>The most records the file holds.</summary>
    public int MaxRecords { get; }

    /// <inheritdoc />
    public override int Capacity => MaxRecords * RecordSize;

    /// <summary>The number of records the file holds now.</summary>
    public int RecordCount => Math.Min((int)_store[_offset], MaxRecords);

    /// <summary>Record <paramref name="number"/> (a view of the EEPROM, valid until the next write).</summary>
    /// <exception cref="IsoException">6A83 when the file holds no record <paramref name="number"/>.</exception>
    public ReadOnlySpan<byte> ReadRecord(int number) => _store.Slice(RecordOffset(number), RecordSize);

    /// <summary>
    /// Replaces record <paramref name="number"/> atomically: after a power cut it holds the old bytes or the new ones;
    /// inside a transaction the write is part of it.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="data"/> is not <see cref="RecordSize"/> bytes long.</exception>
    /// <exception cref="IsoException">6A83 when the file holds no record <paramref name="number"/>.</exception>
    public void UpdateRecord(int number, ReadOnlySpan<byte> data)
    {
        CheckRecordLength(data);
        _store.Write(RecordOffset(number), data);
    }

    /// <summary>
    /// Appends a record atomically: it becomes the last record of a linear fixed file, or record 1 of a cyclic file
    /// (dropping the oldest when the file is full).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="data"/> is not <see cref="RecordSize"/> bytes long.</exception>
    /// <exception cref="IsoException">6A84 when a linear fixed file is full.</exception>
    public void AppendRecord(ReadOnlySpan<byte> data)
    {
        CheckRecordLength(data);
        int count = RecordCount;
        int slot;
        if (IsCyclic)
        {
            slot = (_store[_offset + 1] + 1) % (MaxRecords + 1);
        }
        else
        {
            if (count == MaxRecords)
                throw new IsoException(StatusWord.NotEnoughMemory);
            slot = count;
        }

        // The slot is reachable by no record number until the header below says so. Inside a transaction the
        // write is journalled too: an abort restores an older header, under which the slot may be a live record.
        int address = _offset + HeaderSize + (slot * RecordSize);
        if (FileSystem.Context.InTransaction)
            _store.Write(address, data);
        else
            _store.WriteNonAtomic(address, data);

        _store.Write(_offset, [(byte)Math.Min(count + 1, MaxRecords), (byte)slot]);
    }

    /// <summary>The bytes a file of this shape takes in EEPROM.</summary>
    internal static int GetBodyLength(FileStructure structure, int maxRecords, int recordSize) =>
        HeaderSize + ((structure == FileStructure.Cyclic ? maxRecords + 1 : maxRecords) * recordSize);

    /// <summary>Lays out a new file's body: <paramref name="records"/> appended in order.</summary>
    internal static void FormatBody(Span<byte> body, FileStructure structure, int recordSize, ReadOnlySpan<byte> records)
    {
        body.Clear();
        int count = records.Length / recordSize;
        body[0] = (byte)count;

        // A cyclic file's first append goes to slot 1, so n appended records fill slots 1..n and slot n is the newest.
        int first = structure == FileStructure.Cyclic ? 1 : 0;
        body[1] = structure == FileStructure.Cyclic ? (byte)count : (byte)0;
        records.CopyTo(body[(HeaderSize + (first * recordSize))..]);
    }

    private protected override int WriteDescriptor(Span<byte> destination)
    {
        // ISO/IEC 7816-4 5.3.3: file descriptor byte ('02' linear fixed, '06' cyclic), data coding byte '21',
        // maximum record size on two bytes, number of records on one byte.
        destination[0] = IsCyclic ? (byte)0x06 : (byte)0x02;
        destination[1] = 0x21;
        destination[2] = 0;
        destination[3] = (byte)RecordSize;
        destination[4] = (byte)MaxRecords;
        return 5;
    }

    private int RecordOffset(int number)
    {
        int count = RecordCount;
        if (number < 1 || number > count)
            throw new IsoException(StatusWord.RecordNotFound);
        int slot = IsCyclic
            ? (_store[_offset + 1] - (number - 1) + MaxRecords + 1) % (MaxRecords + 1)
            : number - 1;
        return _offset + HeaderSize + (slot * RecordSize);
    }

    private void CheckRecordLength(ReadOnlySpan<byte> data)
    {
        if (data.Length != RecordSize)
            throw new ArgumentException($"A record of {this} has {RecordSize} bytes; got {data.Length}.", nameof(data));
    }
}
