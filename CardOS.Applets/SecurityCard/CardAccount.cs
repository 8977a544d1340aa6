namespace CardOS.Applets.SecurityCard;

/// <summary>The bank's record of a card (WO 98/25220 FIG. 5).</summary>
/// <param name="CardNumber">card#.</param>
/// <param name="CertificateNumber">The cert# of the card's current CARD-CERT.</param>
/// <param name="Balance">C_balance as the bank sees it: deposits not yet made are still in it.</param>
/// <param name="Funding">The user's bank account that withdrawals draw from.</param>
/// <param name="LastSequenceNumber">The seq# of the last withdrawal request the bank answered.</param>
public sealed record CardAccount(ulong CardNumber, uint CertificateNumber, long Balance, long Funding, uint LastSequenceNumber);
