using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>The purse's answer to CREDIT (12 bytes): balance after, S3.</summary>
public sealed class CreditResponse : PurseResponse
{
    /// <summary>Reads the answer.</summary>
    public CreditResponse(ResponseApdu responseApdu)
        : base(responseApdu, PurseFormat.SignedBalanceLength)
    {
    }

    /// <summary>The balance after the load.</summary>
    public uint BalanceAfter => ReadUInt32(0);

    /// <summary>S3: the purse's MAC over the load.</summary>
    public byte[] S3 => ReadBytes(4, PurseFormat.MacLength);
}
