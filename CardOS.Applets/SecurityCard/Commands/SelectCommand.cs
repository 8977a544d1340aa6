using CardOS.Apdu;

namespace CardOS.Applets.SecurityCard.Commands;

/// <summary>SELECT by DF name <c>00 A4 04 00 Lc AID</c> (ISO/IEC 7816-4 7.1.1).</summary>
public sealed class SelectCommand(Aid aid) : ISecurityCardCommand<SelectResponse>
{
    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() => new(SecurityCardInstructions.ClaIso, 0xA4, 0x04, 0x00, aid.Span);

    /// <inheritdoc />
    public SelectResponse CreateResponseForApdu(ResponseApdu response) => new(response);
}
