using CardOS.Apdu;

namespace CardOS.Applets.SecurityCard.Commands;

/// <summary>A security card response: the status word and any data. Commands that answer no data read their response with this class.</summary>
public class SecurityCardResponse : CommandResponse
{
    /// <summary>Wraps a response APDU.</summary>
    public SecurityCardResponse(ResponseApdu response)
        : base(response)
    {
    }
}
