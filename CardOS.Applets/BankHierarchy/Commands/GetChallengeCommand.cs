using CardOS.Apdu;

namespace CardOS.Applets.BankHierarchy.Commands;

/// <summary>GET CHALLENGE (<c>00 84 00 00 08|10</c>): 8 random bytes for PERSONALISE and CREATE MONEY, 16 for SET SECURITY LOCK.</summary>
public sealed class GetChallengeCommand
{
    /// <summary>The command APDU asking for <paramref name="length"/> (8 or 16) bytes.</summary>
    public static CommandApdu CreateCommandApdu(int length = 8) => new(0x00, BankInstructions.GetChallenge, 0x00, 0x00, default, length);

    /// <summary>Reads the answer.</summary>
    public static GetChallengeResponse CreateResponse(ResponseApdu response) => new(response);
}
