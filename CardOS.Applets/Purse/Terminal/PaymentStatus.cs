namespace CardOS.Applets.Purse.Terminal;

/// <summary>The state of a payment record in the merchant's ledger, mirroring the PSAM's view of the purchase.</summary>
public enum PaymentStatus
{
    /// <summary>The PSAM signed the DEBIT; the purse's S3 or proof has not been seen.</summary>
    Pending,

    /// <summary>The purse debited and the PSAM counted it.</summary>
    Completed,

    /// <summary>The purse proved it never debited.</summary>
    Void,
}
