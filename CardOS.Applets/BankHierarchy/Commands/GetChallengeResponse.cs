using CardOS.Apdu;

namespace CardOS.Applets.BankHierarchy.Commands;

/// <summary>GET CHALLENGE's answer: 8 bytes.</summary>
public sealed class GetChallengeResponse : BankResponse
{
    /// <summary>Reads <paramref name="response"/>.</summary>
    public GetChallengeResponse(ResponseApdu response)
        : base(response)
    {
    }

    /// <summary>The challenge.</summary>
    public byte[] Challenge => DataOfLength(8).ToArray();
}
