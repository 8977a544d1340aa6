using CardOS.Apdu;

namespace CardOS.Applets.SecurityCard.Commands;

/// <summary>A PAYMENT-CERT as PAYMENT and GET DATA DF21 answer it.</summary>
public sealed class PaymentResponse(ResponseApdu response) : SecurityCardResponse(response)
{
    /// <summary>The PAYMENT-CERT (not yet verified).</summary>
    /// <exception cref="IsoException">The card answered an error (9401 insufficient balance, 6A81 locked, 6982 PIN not verified, ...).</exception>
    public PaymentCertificate GetCertificate() => PaymentCertificate.Decode(SuccessData);
}
