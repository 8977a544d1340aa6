using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>
/// The purse's proof (42 bytes): found (01) or not (00), the log entry with the queried counter (zeros if none), and
/// the MAC under the purchase key over them and the PSAM's challenge. The PSAM's RECOVER PURCHASE takes it whole.
/// </summary>
public sealed class GetProofResponse : PurseResponse
{
    /// <summary>Reads the answer.</summary>
    public GetProofResponse(ResponseApdu responseApdu)
        : base(responseApdu, PurseFormat.ProofLength)
    {
    }

    /// <summary>True when the log holds a transaction with the queried counter.</summary>
    public bool Found => ReadByte(0) == 0x01;

    /// <summary>The log entry (all zeros when not found).</summary>
    public PurseLogEntry Entry => PurseLogEntry.Parse(ReadBytes(1, PurseFormat.LogEntryLength));
}
