using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>The PSAM's data (32 bytes): id, issuer, currency, key version, next sequence number, batch, totals, pending count.</summary>
public sealed class PsamGetDataResponse : PurseResponse
{
    /// <summary>Reads the answer.</summary>
    public PsamGetDataResponse(ResponseApdu responseApdu)
        : base(responseApdu, 32)
    {
    }

    /// <summary>PSAM id.</summary>
    public byte[] PsamId => ReadBytes(0, 4);

    /// <summary>The issuer it accepts.</summary>
    public byte[] IssuerId => ReadBytes(4, 4);

    /// <summary>The currency it accepts.</summary>
    public ushort Currency => ReadUInt16(8);

    /// <summary>Purchase master key version.</summary>
    public byte KeyVersion => ReadByte(10);

    /// <summary>The sequence number the next purchase gets.</summary>
    public uint NextSequence => ReadUInt32(11);

    /// <summary>The current (unsettled) batch number.</summary>
    public uint Batch => ReadUInt32(15);

    /// <summary>Completed purchases in the batch.</summary>
    public uint Count => ReadUInt32(19);

    /// <summary>Their total amount.</summary>
    public ulong Total => ReadUInt64(23);

    /// <summary>Purchases pending (signed, neither completed nor void).</summary>
    public byte PendingCount => ReadByte(31);
}
