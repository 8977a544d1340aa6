namespace CardOS.Applets.Purse.Terminal;

/// <summary>
/// The merchant's record store: one record per payment, written pending before the purse is debited, then completed or
/// void as the PSAM decides. Implementations must make each call durable before returning.
/// </summary>
public interface IPaymentLedger
{
    /// <summary>Creates the store's tables if they do not exist.</summary>
    void EnsureCreated();

    /// <summary>Adds a pending record; a record with the same PSAM id and sequence already there is kept as it is.</summary>
    void AddPending(PaymentRecord record);

    /// <summary>Sets a record's status (pending → completed or void).</summary>
    void SetStatus(string psamId, long sequence, PaymentStatus status);

    /// <summary>All records, oldest first.</summary>
    IReadOnlyList<PaymentRecord> GetRecords();

    /// <summary>
    /// Assigns every completed record that has no batch yet (or already has <paramref name="batch"/>) to
    /// <paramref name="batch"/>, atomically, and returns the batch's records.
    /// </summary>
    IReadOnlyList<PaymentRecord> CloseBatch(long batch);
}
