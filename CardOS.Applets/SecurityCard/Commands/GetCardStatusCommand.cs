using CardOS.Apdu;

namespace CardOS.Applets.SecurityCard.Commands;

/// <summary>GET DATA <c>00 CA DF 20 00</c>: the status record.</summary>
public sealed class GetCardStatusCommand : ISecurityCardCommand<CardStatusResponse>
{
    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() => new(SecurityCardInstructions.ClaIso, SecurityCardInstructions.GetData, 0xDF, 0x20, ne: 256);

    /// <inheritdoc />
    public CardStatusResponse CreateResponseForApdu(ResponseApdu response) => new(response);
}
