using CardOS.Apdu;

namespace CardOS.Applets.SecurityCard.Commands;

/// <summary>GENERATE ASYMMETRIC KEY PAIR <c>00 47 80 01 00</c>: the card generates S_U and answers P_U (personalisation).</summary>
public sealed class GenerateUserKeyCommand : ISecurityCardCommand<PublicKeyResponse>
{
    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() =>
        new(SecurityCardInstructions.ClaIso, SecurityCardInstructions.GenerateKeyPair, SecurityCardInstructions.GenerateP1, SecurityCardInstructions.UserKeyReference, ne: 256);

    /// <inheritdoc />
    public PublicKeyResponse CreateResponseForApdu(ResponseApdu response) => new(response);
}
