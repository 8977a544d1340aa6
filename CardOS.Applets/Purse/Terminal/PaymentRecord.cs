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

    /// <summary>The currency, ISO 4217 numeric code (978 for EUR; the cards carry it as BCD <c>0978</c>).</summary>
    public required int Currency { get; init; }

    /// <summary>
    /// The currency's exponent (minor-unit digits: 2 for EUR, so <see cref="Amount"/> 250 is 2.50); null only for a record
    /// rebuilt from the PSAM after a server crash (the PSAM keeps the currency code, not the purse's exponent).
    /// </summary>
    public int? Exponent { get; init; }

    /// <summary>Who paid, as the client named them.</summary>
    public required string Owner { get; init; }

    /// <summary>Pending, completed or void.</summary>
    public PaymentStatus Status { get; init; } = PaymentStatus.Pending;

    /// <summary>The settlement batch it was exported in; null until settled.</summary>
    public long? Batch { get; init; }

    /// <summary>When the record was created (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
