namespace CardOS.Applets.Purse.Terminal;

/// <summary>How a payment attempt ended, as the server reports it to the client.</summary>
public enum PaymentResultCode : byte
{
    /// <summary>The purse debited, the PSAM counted it, the ledger recorded it.</summary>
    Completed = 0,

    /// <summary>The purse or the PSAM refused (status word given); nothing was debited.</summary>
    Declined = 1,

    /// <summary>The link to the purse was lost; a pending purchase is resolved when the purse comes back.</summary>
    Interrupted = 2,
}
