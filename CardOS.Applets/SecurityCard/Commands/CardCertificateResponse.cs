using CardOS.Apdu;

namespace CardOS.Applets.SecurityCard.Commands;

/// <summary>The answer to GET DATA 7F21.</summary>
public sealed class CardCertificateResponse(ResponseApdu response) : SecurityCardResponse(response)
{
    /// <summary>The decoded CARD-CERT (its signature not yet checked).</summary>
    /// <exception cref="IsoException">The card answered an error.</exception>
    /// <exception cref="FormatException">The data is not a CARD-CERT.</exception>
    public CardCertificate GetCertificate() => CardCertificate.Decode(SuccessData);
}
