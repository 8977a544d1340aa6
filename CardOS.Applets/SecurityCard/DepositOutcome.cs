namespace CardOS.Applets.SecurityCard;

/// <summary>What the bank did with one deposited payment (WO 98/25220 FIG. 9 steps 660-690).</summary>
public enum DepositOutcome
{
    /// <summary>Credited to the provider, debited from the card account.</summary>
    Accepted,

    /// <summary>The depositing provider has no deposit account.</summary>
    UnknownProvider,

    /// <summary>The CARD-CERT's bank signature does not verify.</summary>
    InvalidCardCertificate,

    /// <summary>The bank never issued this CARD-CERT (unknown card or cert#).</summary>
    UnknownCertificate,

    /// <summary>The PAYMENT-CERT's joint signature does not verify.</summary>
    InvalidPaymentCertificate,

    /// <summary>The payment names another service provider than the depositing one.</summary>
    ProviderMismatch,

    /// <summary>The payment's time or currency does not fit its CARD-CERT.</summary>
    OutsideCertificate,

    /// <summary>This card, cert# and ser# was deposited before.</summary>
    Duplicate,

    /// <summary>The amount exceeds the card account's C_balance.</summary>
    InsufficientBalance,
}
