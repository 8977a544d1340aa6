using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>The module's decision (17 bytes): outcome, the pending load's amount, count, total.</summary>
public sealed class RecoverLoadResponse : PurseResponse
{
    /// <summary>Reads the answer.</summary>
    public RecoverLoadResponse(ResponseApdu responseApdu)
        : base(responseApdu, 17)
    {
    }

    /// <summary>Loaded or not loaded.</summary>
    public LoadOutcome Outcome => (LoadOutcome)ReadByte(0);

    /// <summary>The pending load's amount.</summary>
    public uint Amount => ReadUInt32(1);

    /// <summary>Confirmed loads.</summary>
    public uint Count => ReadUInt32(5);

    /// <summary>Their total amount.</summary>
    public ulong Total => ReadUInt64(9);
}
