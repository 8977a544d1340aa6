using CardOS.Apdu;

namespace CardOS.Applets.SecurityCard.Commands;

/// <summary>ACTIVATE FILE <c>00 44 00 00</c> (ISO/IEC 7816-9): ends personalisation. The answer is read with <see cref="SecurityCardResponse"/>.</summary>
public sealed class ActivateCommand : ISecurityCardCommand<SecurityCardResponse>
{
    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() => new(SecurityCardInstructions.ClaIso, SecurityCardInstructions.Activate, 0x00, 0x00);

    /// <inheritdoc />
    public SecurityCardResponse CreateResponseForApdu(ResponseApdu response) => new(response);
}
