using CardOS.Apdu;

namespace CardOS.Applets.SecurityCard.Commands;

/// <summary>PAYMENT <c>80 30 00 00 Lc spec 00</c>: the card signs spec and debits its amount (PIN verified first).</summary>
public sealed class PaymentCommand(PaymentSpecification specification) : ISecurityCardCommand<PaymentResponse>
{
    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() =>
        new(SecurityCardInstructions.ClaProprietary, SecurityCardInstructions.Payment, 0x00, 0x00, specification.Encode(), ne: 256);

    /// <inheritdoc />
    public PaymentResponse CreateResponseForApdu(ResponseApdu response) => new(response);
}
