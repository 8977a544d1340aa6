namespace CardOS.Applets.SecurityCard;

/// <summary>A payment as a service provider keeps it for deposit: the card's CARD-CERT and the PAYMENT-CERT (WO 98/25220, deposit step 640).</summary>
/// <param name="CardCertificate">The paying card's CARD-CERT.</param>
/// <param name="PaymentCertificate">The card's PAYMENT-CERT.</param>
public sealed record CollectedPayment(CardCertificate CardCertificate, PaymentCertificate PaymentCertificate);
