using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>How a purchase ended (5 bytes): outcome, amount. 6A83 when the PSAM no longer remembers it.</summary>
public sealed class PsamReadResolutionResponse : PurseResponse
{
    /// <summary>Reads the answer.</summary>
    public PsamReadResolutionResponse(ResponseApdu responseApdu)
        : base(responseApdu, 5)
    {
    }

    /// <summary>Pending, completed or void.</summary>
    public PurchaseOutcome Outcome => (PurchaseOutcome)ReadByte(0);

    /// <summary>The purchase amount.</summary>
    public uint Amount => ReadUInt32(1);
}
