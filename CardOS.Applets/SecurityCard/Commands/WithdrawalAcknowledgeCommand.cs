using CardOS.Apdu;

namespace CardOS.Applets.SecurityCard.Commands;

/// <summary>
/// WITHDRAWAL ACKNOWLEDGE <c>80 34 00 00 Lc acknowledgement</c> (see <see cref="WithdrawalAcknowledgement"/>); 645 bytes with a
/// renewed CARD-CERT go by command chaining. The answer is read with <see cref="SecurityCardResponse"/>.
/// </summary>
public sealed class WithdrawalAcknowledgeCommand(ReadOnlyMemory<byte> acknowledgement) : ISecurityCardCommand<SecurityCardResponse>
{
    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() =>
        new(SecurityCardInstructions.ClaProprietary, SecurityCardInstructions.WithdrawalAcknowledge, 0x00, 0x00, acknowledgement.Span);

    /// <inheritdoc />
    public SecurityCardResponse CreateResponseForApdu(ResponseApdu response) => new(response);
}
