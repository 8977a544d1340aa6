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

    /// <summary>The challenge (8 or 16 bytes).</summary>
    public byte[] Challenge => SuccessData.ToArray();
}
