using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>The DEBIT data the PSAM signed (24 bytes): amount, date, PSAM id, sequence number, S2.</summary>
public sealed class PsamInitializePurchaseResponse : PurseResponse
{
    /// <summary>Reads the answer.</summary>
    public PsamInitializePurchaseResponse(ResponseApdu responseApdu)
        : base(responseApdu, PurseFormat.DebitDataLength)
    {
    }

    /// <summary>The 24 bytes for <see cref="DebitCommand"/>.</summary>
    public byte[] DebitData => ReadBytes(0, PurseFormat.DebitDataLength);

    /// <summary>The amount.</summary>
    public uint Amount => ReadUInt32(0);

    /// <summary>The PSAM id.</summary>
    public byte[] PsamId => ReadBytes(8, 4);

    /// <summary>The purchase's sequence number in the PSAM.</summary>
    public uint Sequence => ReadUInt32(12);

    /// <summary>S2.</summary>
    public byte[] S2 => ReadBytes(16, PurseFormat.MacLength);
}
