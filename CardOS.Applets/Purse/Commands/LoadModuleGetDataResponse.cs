using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>The load module's data (25 bytes): id, issuer, currency, key versions, totals, pending count.</summary>
public sealed class LoadModuleGetDataResponse : PurseResponse
{
    /// <summary>Reads the answer.</summary>
    public LoadModuleGetDataResponse(ResponseApdu responseApdu)
        : base(responseApdu, 25)
    {
    }

    /// <summary>Load module id.</summary>
    public byte[] LoadModuleId => ReadBytes(0, 4);

    /// <summary>Issuer id.</summary>
    public byte[] IssuerId => ReadBytes(4, 4);

    /// <summary>Currency.</summary>
    public ushort Currency => ReadUInt16(8);

    /// <summary>Load master key version.</summary>
    public byte LoadKeyVersion => ReadByte(10);

    /// <summary>Update master key version.</summary>
    public byte UpdateKeyVersion => ReadByte(11);

    /// <summary>Confirmed loads.</summary>
    public uint Count => ReadUInt32(12);

    /// <summary>Their total amount.</summary>
    public ulong Total => ReadUInt64(16);

    /// <summary>Loads pending.</summary>
    public byte PendingCount => ReadByte(24);
}
