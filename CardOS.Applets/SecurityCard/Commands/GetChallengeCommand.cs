using CardOS.Apdu;

namespace CardOS.Applets.SecurityCard.Commands;

/// <summary>GET CHALLENGE <c>00 84 00 00 10</c> (ISO/IEC 7816-4 7.5.3): 16 random bytes, good for the next command.</summary>
public sealed class GetChallengeCommand : ISecurityCardCommand<ChallengeResponse>
{
    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() =>
        new(SecurityCardInstructions.ClaIso, SecurityCardInstructions.GetChallenge, 0x00, 0x00, ne: SecurityCardMacs.ChallengeLength);

    /// <inheritdoc />
    public ChallengeResponse CreateResponseForApdu(ResponseApdu response) => new(response);
}
