namespace CardOS.Applets.SecurityCard;

/// <summary>The bank's answer to a withdrawal request.</summary>
/// <param name="Outcome">What the bank did.</param>
/// <param name="Acknowledgement">The acknowledgement to give the card (only when acknowledged).</param>
/// <param name="RenewedCertificate">The renewed CARD-CERT inside the acknowledgement, if renewal was asked for.</param>
public sealed record WithdrawalResult(WithdrawalOutcome Outcome, byte[]? Acknowledgement = null, CardCertificate? RenewedCertificate = null);
