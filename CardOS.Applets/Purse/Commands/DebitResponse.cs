using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>The purse's answer to DEBIT (12 bytes): balance after, S3.</summary>
public sealed class DebitResponse : PurseResponse
{
    /// <summary>Reads the answer.</summary>
    public DebitResponse(ResponseApdu responseApdu)
        : base(responseApdu, PurseFormat.SignedBalanceLength)
    {
    }

    /// <summary>The balance after the debit.</summary>
    public uint BalanceAfter => ReadUInt32(0);

    /// <summary>S3: the purse's MAC over the purchase.</summary>
    public byte[] S3 => ReadBytes(4, PurseFormat.MacLength);
}
