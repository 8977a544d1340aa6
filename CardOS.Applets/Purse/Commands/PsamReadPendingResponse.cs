using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>A pending purchase (29 bytes): sequence, issuer, card, key version, counter, amount, date. 6A83 for an empty slot.</summary>
public sealed class PsamReadPendingResponse : PurseResponse
{
    /// <summary>Reads the answer.</summary>
    public PsamReadPendingResponse(ResponseApdu responseApdu)
        : base(responseApdu, 29)
    {
    }

    /// <summary>The PSAM sequence number.</summary>
    public uint Sequence => ReadUInt32(0);

    /// <summary>The purse's issuer.</summary>
    public byte[] IssuerId => ReadBytes(4, 4);

    /// <summary>The purse's card number.</summary>
    public byte[] CardNumber => ReadBytes(8, 8);

    /// <summary>The purse's counter in that purchase.</summary>
    public uint Counter => ReadUInt32(17);

    /// <summary>The amount.</summary>
    public uint Amount => ReadUInt32(21);

    /// <summary>The date.</summary>
    public byte[] Date => ReadBytes(25, 4);
}
