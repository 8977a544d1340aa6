using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>A module's totals (12 bytes): count, total amount (PSAM COMPLETE PURCHASE, load module CONFIRM LOAD).</summary>
public sealed class PsamTotalsResponse : PurseResponse
{
    /// <summary>Reads the answer.</summary>
    public PsamTotalsResponse(ResponseApdu responseApdu)
        : base(responseApdu, 12)
    {
    }

    /// <summary>The number of completed transactions.</summary>
    public uint Count => ReadUInt32(0);

    /// <summary>Their total amount.</summary>
    public ulong Total => ReadUInt64(4);
}
