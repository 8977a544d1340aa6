using CardOS.Apdu;
using CardOS.Runtime;
using CardOS.Storage;

namespace CardOS.Applets.BankHierarchy;

/// <summary>The cyclic PASSBOOK EF as the card logic uses it: record 1 is the newest; appending to a full ring drops the oldest.</summary>
internal sealed class BankRecordFile
{
    private const int HeaderSize = 2; // record count, slot of the newest record
    private readonly AppletContext _context;
    private readonly PersistentArray _store;

    public BankRecordFile(AppletContext context, PersistentArray store, int maxRecords, int recordSize)
    {
        _context = context;
        _store = store;
        MaxRecords = maxRecords;
        RecordSize = recordSize;
    }

    public int MaxRecords { get; }

    public int RecordSize { get; }

    public int RecordCount => Math.Min((int)_store[0], MaxRecords);

    public static int GetStoreLength(int maxRecords, int recordSize) => HeaderSize + ((maxRecords + 1) * recordSize);

    /// <summary>Record <paramref name="number"/>, 1 the newest (a view valid until the next write).</summary>
    public ReadOnlySpan<byte> ReadRecord(int number)
    {
        if (number < 1 || number > RecordCount)
            throw new IsoException(StatusWord.RecordNotFound);
        int slot = (_store[1] - (number - 1) + MaxRecords + 1) % (MaxRecords + 1);
        return _store.Slice(HeaderSize + (slot * RecordSize), RecordSize);
    }

    /// <summary>Appends atomically (inside a transaction, as part of it).</summary>
    public void AppendRecord(ReadOnlySpan<byte> data)
    {
        int slot = (_store[1] + 1) % (MaxRecords + 1);
        int address = HeaderSize + (slot * RecordSize);
        if (_context.InTransaction)
            _store.Write(address, data);
        else
            _store.WriteNonAtomic(address, data);
        _store.Write(0, [(byte)Math.Min(RecordCount + 1, MaxRecords), (byte)slot]);
    }
}
