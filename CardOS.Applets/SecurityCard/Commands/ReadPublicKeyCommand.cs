using CardOS.Apdu;

namespace CardOS.Applets.SecurityCard.Commands;

/// <summary>GENERATE ASYMMETRIC KEY PAIR <c>00 47 81 01|02 00</c>: reads P_U (01) or P_C (02).</summary>
public sealed class ReadPublicKeyCommand(byte keyReference) : ISecurityCardCommand<PublicKeyResponse>
{
    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() =>
        new(SecurityCardInstructions.ClaIso, SecurityCardInstructions.GenerateKeyPair, SecurityCardInstructions.ReadPublicKeyP1, keyReference, ne: 256);

    /// <inheritdoc />
    public PublicKeyResponse CreateResponseForApdu(ResponseApdu response) => new(response);
}
