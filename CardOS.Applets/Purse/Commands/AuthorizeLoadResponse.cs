using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>The module's S2 (8 bytes), for <see cref="CreditCommand"/>.</summary>
public sealed class AuthorizeLoadResponse : PurseResponse
{
    /// <summary>Reads the answer.</summary>
    public AuthorizeLoadResponse(ResponseApdu responseApdu)
        : base(responseApdu, PurseFormat.MacLength)
    {
    }

    /// <summary>S2.</summary>
    public byte[] S2 => ReadBytes(0, PurseFormat.MacLength);
}
