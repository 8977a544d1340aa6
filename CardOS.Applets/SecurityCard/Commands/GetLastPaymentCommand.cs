using CardOS.Apdu;

namespace CardOS.Applets.SecurityCard.Commands;

/// <summary>GET DATA <c>00 CA DF 21 00</c>: the last PAYMENT-CERT under the current CARD-CERT (6A88 if none).</summary>
public sealed class GetLastPaymentCommand : ISecurityCardCommand<PaymentResponse>
{
    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() => new(SecurityCardInstructions.ClaIso, SecurityCardInstructions.GetData, 0xDF, 0x21, ne: 256);

    /// <inheritdoc />
    public PaymentResponse CreateResponseForApdu(ResponseApdu response) => new(response);
}
