namespace CardOS.Applets.Purse.Terminal;

/// <summary>How a payment attempt ended, as the server reports it to the client (or, for <see cref="Refused"/>, as the client decided).</summary>
public enum PaymentResultCode : byte
{
    /// <summary>The purse debited, the PSAM counted it, the ledger recorded it.</summary>
    Completed = 0,

    /// <summary>The purse or the PSAM refused (status word given); nothing was debited.</summary>
    Declined = 1,

    /// <summary>The link to the purse was lost; a pending purchase is resolved when the purse comes back.</summary>
    Interrupted = 2,

    /// <summary>The client refused a DEBIT for an amount other than the one approved (never sent by the server; the client decides it).</summary>
    Refused = 3,
}
