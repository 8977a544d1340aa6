namespace CardOS.Applets.Purse.Terminal;

/// <summary>A closed settlement batch: the PSAM's totals and the ledger's records, which agree.</summary>
public sealed record Settlement(long Batch, uint Count, ulong Total, IReadOnlyList<PaymentRecord> Records);
