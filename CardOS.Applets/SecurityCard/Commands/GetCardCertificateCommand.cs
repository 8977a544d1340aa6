using CardOS.Apdu;

namespace CardOS.Applets.SecurityCard.Commands;

/// <summary>GET DATA <c>00 CA 7F 21 00</c>: CARD-CERT (605 bytes: 256 with 61xx, the rest by GET RESPONSE).</summary>
public sealed class GetCardCertificateCommand : ISecurityCardCommand<CardCertificateResponse>
{
    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() => new(SecurityCardInstructions.ClaIso, SecurityCardInstructions.GetData, 0x7F, 0x21, ne: 256);

    /// <inheritdoc />
    public CardCertificateResponse CreateResponseForApdu(ResponseApdu response) => new(response);
}
