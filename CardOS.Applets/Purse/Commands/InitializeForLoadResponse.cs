using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>
/// The purse's load request (56 bytes): issuer, card, expiry, currency, exponent, balance, the new counter, amount, date,
/// load module id, the counter and amount of the purse's last load, load key version, S1. The load module's AUTHORIZE
/// LOAD and RECOVER LOAD take it whole.
/// </summary>
public sealed class InitializeForLoadResponse : PurseResponse
{
    /// <summary>Reads the answer.</summary>
    public InitializeForLoadResponse(ResponseApdu responseApdu)
        : base(responseApdu, PurseFormat.LoadInitLength)
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

    /// <summary>Balance before the load.</summary>
    public uint Balance => ReadUInt32(19);

    /// <summary>The session's counter (already incremented and committed).</summary>
    public uint Counter => ReadUInt32(23);

    /// <summary>The amount asked for.</summary>
    public uint Amount => ReadUInt32(27);

    /// <summary>The counter of the purse's last completed load (0: none).</summary>
    public uint LastLoadCounter => ReadUInt32(39);

    /// <summary>The amount of the purse's last completed load.</summary>
    public uint LastLoadAmount => ReadUInt32(43);

    /// <summary>Load key version.</summary>
    public byte KeyVersion => ReadByte(47);

    /// <summary>S1: the purse's MAC over the 48 bytes before it.</summary>
    public byte[] S1 => ReadBytes(48, PurseFormat.MacLength);
}
