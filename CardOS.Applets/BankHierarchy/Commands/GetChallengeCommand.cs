using CardOS.Apdu;

namespace CardOS.Applets.BankHierarchy.Commands;

/// <summary>GET CHALLENGE (<c>00 84 00 00 08</c>): 8 random bytes for PERSONALISE, CREATE MONEY or SET SECURITY LOCK.</summary>
public sealed class GetChallengeCommand
{
    /// <summary>The command APDU.</summary>
    public static CommandApdu CreateCommandApdu() => new(0x00, BankInstructions.GetChallenge, 0x00, 0x00, default, 8);

    /// <summary>Reads the answer.</summary>
    public static GetChallengeResponse CreateResponse(ResponseApdu response) => new(response);
}
