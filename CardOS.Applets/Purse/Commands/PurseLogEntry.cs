using System.Buffers.Binary;

namespace CardOS.Applets.Purse.Commands;

/// <summary>
/// One entry of the purse's transaction log (33 bytes): type, counter, amount, balance after, date, party id
/// (PSAM or load module), party sequence number (PSAM), and the purse's S3 for the transaction.
/// </summary>
public sealed class PurseLogEntry
{
    private readonly byte[] _date;
    private readonly byte[] _partyId;
    private readonly byte[] _signature;

    private PurseLogEntry(ReadOnlySpan<byte> entry)
    {
        Type = (PurseLogType)entry[0];
        Counter = BinaryPrimitives.ReadUInt32BigEndian(entry[1..]);
        Amount = BinaryPrimitives.ReadUInt32BigEndian(entry[5..]);
        BalanceAfter = BinaryPrimitives.ReadUInt32BigEndian(entry[9..]);
        _date = entry.Slice(13, 4).ToArray();
        _partyId = entry.Slice(17, 4).ToArray();
        PartySequence = BinaryPrimitives.ReadUInt32BigEndian(entry[21..]);
        _signature = entry.Slice(25, PurseFormat.MacLength).ToArray();
    }

    /// <summary>Purchase or load (<see cref="PurseLogType.None"/> for the zeros of a proof that found nothing).</summary>
    public PurseLogType Type { get; }

    /// <summary>The transaction counter of the session.</summary>
    public uint Counter { get; }

    /// <summary>The amount debited or credited.</summary>
    public uint Amount { get; }

    /// <summary>The balance after the transaction.</summary>
    public uint BalanceAfter { get; }

    /// <summary>The transaction date, BCD YYYYMMDD.</summary>
    public ReadOnlySpan<byte> Date => _date;

    /// <summary>The PSAM or load module id.</summary>
    public ReadOnlySpan<byte> PartyId => _partyId;

    /// <summary>The PSAM's sequence number (0 for loads).</summary>
    public uint PartySequence { get; }

    /// <summary>The purse's S3.</summary>
    public ReadOnlySpan<byte> Signature => _signature;

    /// <summary>Reads a 33-byte entry.</summary>
    /// <exception cref="FormatException">Not 33 bytes.</exception>
    public static PurseLogEntry Parse(ReadOnlySpan<byte> entry) =>
        entry.Length == PurseFormat.LogEntryLength
            ? new PurseLogEntry(entry)
            : throw new FormatException($"A purse log entry has {PurseFormat.LogEntryLength} bytes; got {entry.Length}.");
}
