using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>The purse's GET PROOF data (12 bytes): the pending purchase's counter and a fresh challenge.</summary>
public sealed class PsamBeginRecoveryResponse : PurseResponse
{
    /// <summary>Reads the answer.</summary>
    public PsamBeginRecoveryResponse(ResponseApdu responseApdu)
        : base(responseApdu, PurseFormat.ProofRequestLength)
    {
    }

    /// <summary>The 12 bytes for <see cref="GetProofCommand"/>.</summary>
    public byte[] ProofRequest => ReadBytes(0, PurseFormat.ProofRequestLength);

    /// <summary>The purse counter of the pending purchase.</summary>
    public uint Counter => ReadUInt32(0);
}
