using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>PSAM RECOVER PURCHASE: <c>80 76 00 00 2A proof(42) 00</c>.</summary>
public sealed class PsamRecoverPurchaseCommand : IPurseCommand<PsamRecoverPurchaseResponse>
{
    private readonly byte[] _proof;

    /// <summary>Hands the PSAM the purse's GET PROOF answer.</summary>
    public PsamRecoverPurchaseCommand(ReadOnlySpan<byte> proof)
    {
        if (proof.Length != PurseFormat.ProofLength)
            throw new ArgumentException($"A proof has {PurseFormat.ProofLength} bytes.", nameof(proof));
        _proof = proof.ToArray();
    }

    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() => new(PurseInstructions.ProprietaryClass, PurseInstructions.PsamRecoverPurchase, 0x00, 0x00, _proof, 256);

    /// <inheritdoc />
    public PsamRecoverPurchaseResponse CreateResponseForApdu(ResponseApdu responseApdu) => new(responseApdu);
}
