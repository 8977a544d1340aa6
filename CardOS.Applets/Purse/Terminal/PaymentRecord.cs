namespace CardOS.Applets.Purse.Terminal;

/// <summary>One payment in the merchant's ledger: the PSAM purchase it belongs to, the purse, the amount, the owner.</summary>
public sealed record PaymentRecord
{
    /// <summary>The PSAM id, hex.</summary>
    public required string PsamId { get; init; }

    /// <summary>The PSAM's sequence number of the purchase (with <see cref="PsamId"/>, the record's key).</summary>
    public required long Sequence { get; init; }

    /// <summary>The purse's card number, hex (its BCD digits).</summary>
    public required string CardNumber { get; init; }

    /// <summary>The purse's transaction counter in the purchase.</summary>
    public required long PurseCounter { get; init; }

    /// <summary>The amount, in minor units of the currency.</summary>
    public required long Amount { get; init; }

    /// <summary>The currency, ISO 4217 numeric (as its BCD value, 0x0978 for EUR).</summary>
    public required int Currency { get; init; }

    /// <summary>Who paid, as the client named them.</summary>
    public required string Owner { get; init; }

    /// <summary>Pending, completed or void.</summary>
    public PaymentStatus Status { get; init; } = PaymentStatus.Pending;

    /// <summary>The settlement batch it was exported in; null until settled.</summary>
    public long? Batch { get; init; }

    /// <summary>When the record was created (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
