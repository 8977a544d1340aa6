using CardOS.Apdu;

namespace CardOS.Applets.SecurityCard.Commands;

/// <summary>The answer to WITHDRAWAL REQUEST.</summary>
public sealed class WithdrawalRequestResponse(ResponseApdu response) : SecurityCardResponse(response)
{
    /// <summary>The request (its MAC is the bank's to check).</summary>
    /// <exception cref="IsoException">The card answered an error.</exception>
    public WithdrawalRequest GetRequest() => WithdrawalRequest.Decode(SuccessData);
}
