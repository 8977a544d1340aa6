using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>The closed batch (16 bytes): batch number, count, total.</summary>
public sealed class PsamSettleResponse : PurseResponse
{
    /// <summary>Reads the answer.</summary>
    public PsamSettleResponse(ResponseApdu responseApdu)
        : base(responseApdu, 16)
    {
    }

    /// <summary>The batch that was closed.</summary>
    public uint Batch => ReadUInt32(0);

    /// <summary>Its completed purchases.</summary>
    public uint Count => ReadUInt32(4);

    /// <summary>Their total amount.</summary>
    public ulong Total => ReadUInt64(8);
}
