namespace CardOS.Applets.SecurityCard;

/// <summary>What the bank did with a withdrawal request (WO 98/25220 FIG. 10 steps 880-910).</summary>
public enum WithdrawalOutcome
{
    /// <summary>Funds moved to the card account; the acknowledgement is ready for the card.</summary>
    Acknowledged,

    /// <summary>The bank has no account for the card.</summary>
    UnknownCard,

    /// <summary>The request's MAC does not verify.</summary>
    InvalidMac,

    /// <summary>The request names another CARD-CERT than the card's current one.</summary>
    CertificateMismatch,

    /// <summary>seq# is not newer than the last request the bank answered: a replayed request.</summary>
    Replayed,

    /// <summary>The card claims more than the card account holds.</summary>
    BalanceMismatch,

    /// <summary>The user's account cannot fund the amount.</summary>
    InsufficientFunds,
}
