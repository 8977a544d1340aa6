using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>
/// The purse's answer to INITIALIZE FOR PURCHASE (36 bytes): issuer, card, expiry, currency, exponent, balance, the new
/// counter, purchase key version, S1. The PSAM's INITIALIZE PURCHASE takes it whole (<see cref="PurseResponse.Data"/>).
/// </summary>
public sealed class InitializeForPurchaseResponse : PurseResponse
{
    /// <summary>Reads the answer.</summary>
    public InitializeForPurchaseResponse(ResponseApdu responseApdu)
        : base(responseApdu, PurseFormat.PurchaseInitLength)
    {
    }

    /// <summary>Issuer id.</summary>
    public byte[] IssuerId => ReadBytes(0, 4);

    /// <summary>Card number.</summary>
    public byte[] CardNumber => ReadBytes(4, 8);

    /// <summary>Expiry date.</summary>
    public byte[] Expiry => ReadBytes(12, 4);

    /// <summary>Currency.</summary>
    public ushort Currency => ReadUInt16(16);

    /// <summary>Currency exponent.</summary>
    public byte Exponent => ReadByte(18);

    /// <summary>Balance before the purchase.</summary>
    public uint Balance => ReadUInt32(19);

    /// <summary>The session's counter (already incremented and committed).</summary>
    public uint Counter => ReadUInt32(23);

    /// <summary>Purchase key version.</summary>
    public byte KeyVersion => ReadByte(27);

    /// <summary>S1: the purse's MAC over the 28 bytes before it.</summary>
    public byte[] S1 => ReadBytes(28, PurseFormat.MacLength);
}
