using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>The MAC for UPDATE PARAMETERS (8 bytes).</summary>
public sealed class SignUpdateResponse : PurseResponse
{
    /// <summary>Reads the answer.</summary>
    public SignUpdateResponse(ResponseApdu responseApdu)
        : base(responseApdu, PurseFormat.MacLength)
    {
    }

    /// <summary>The MAC.</summary>
    public byte[] Mac => ReadBytes(0, PurseFormat.MacLength);
}
