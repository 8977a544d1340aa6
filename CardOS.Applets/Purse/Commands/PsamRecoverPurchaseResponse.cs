using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>The PSAM's decision (13 bytes): outcome (completed or void), count, total.</summary>
public sealed class PsamRecoverPurchaseResponse : PurseResponse
{
    /// <summary>Reads the answer.</summary>
    public PsamRecoverPurchaseResponse(ResponseApdu responseApdu)
        : base(responseApdu, 13)
    {
    }

    /// <summary>Completed (the purse debited) or void (it never did).</summary>
    public PurchaseOutcome Outcome => (PurchaseOutcome)ReadByte(0);

    /// <summary>Completed purchases in the batch.</summary>
    public uint Count => ReadUInt32(1);

    /// <summary>Their total amount.</summary>
    public ulong Total => ReadUInt64(5);
}
