using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>Purse GET PROOF: <c>80 5A 00 00 0C counter challenge 00</c>, the data as the PSAM's BEGIN RECOVERY built it.</summary>
public sealed class GetProofCommand : IPurseCommand<GetProofResponse>
{
    private readonly byte[] _data;

    /// <summary>A GET PROOF carrying the PSAM's 12 bytes (<see cref="PsamBeginRecoveryResponse.ProofRequest"/>).</summary>
    public GetProofCommand(ReadOnlySpan<byte> proofRequest)
    {
        if (proofRequest.Length != PurseFormat.ProofRequestLength)
            throw new ArgumentException($"GET PROOF data has {PurseFormat.ProofRequestLength} bytes.", nameof(proofRequest));
        _data = proofRequest.ToArray();
    }

    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() => new(PurseInstructions.ProprietaryClass, PurseInstructions.GetProof, 0x00, 0x00, _data, 256);

    /// <inheritdoc />
    public GetProofResponse CreateResponseForApdu(ResponseApdu responseApdu) => new(responseApdu);
}
