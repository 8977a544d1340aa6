using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>The purse's public data (34 bytes).</summary>
public sealed class GetPurseDataResponse : PurseResponse
{
    /// <summary>Reads the answer.</summary>
    public GetPurseDataResponse(ResponseApdu responseApdu)
        : base(responseApdu, PurseFormat.PurseDataLength)
    {
    }

    /// <summary>Issuer id.</summary>
    public byte[] IssuerId => ReadBytes(0, 4);

    /// <summary>Card number (BCD).</summary>
    public byte[] CardNumber => ReadBytes(4, 8);

    /// <summary>Expiry date (BCD YYYYMMDD).</summary>
    public byte[] Expiry => ReadBytes(12, 4);

    /// <summary>Currency (ISO 4217 numeric as BCD).</summary>
    public ushort Currency => ReadUInt16(16);

    /// <summary>Currency exponent.</summary>
    public byte Exponent => ReadByte(18);

    /// <summary>Balance.</summary>
    public uint Balance => ReadUInt32(19);

    /// <summary>Maximum balance.</summary>
    public uint MaximumBalance => ReadUInt32(23);

    /// <summary>Transaction counter.</summary>
    public uint Counter => ReadUInt32(27);

    /// <summary>Purchase key version.</summary>
    public byte PurchaseKeyVersion => ReadByte(31);

    /// <summary>Load key version.</summary>
    public byte LoadKeyVersion => ReadByte(32);

    /// <summary>Update key version.</summary>
    public byte UpdateKeyVersion => ReadByte(33);
}
