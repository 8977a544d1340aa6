using CardOS.Apdu;

namespace CardOS.Applets.Purse.Terminal;

/// <summary>The outcome of one payment attempt.</summary>
public sealed record PaymentResult
{
    /// <summary>Completed, declined, interrupted, or refused by the client.</summary>
    public required PaymentResultCode Code { get; init; }

    /// <summary>The status word that declined the payment (9000 otherwise).</summary>
    public StatusWord StatusWord { get; init; } = StatusWord.Success;

    /// <summary>The amount.</summary>
    public uint Amount { get; init; }

    /// <summary>The purse's balance after the debit (completed payments).</summary>
    public uint BalanceAfter { get; init; }

    /// <summary>The PSAM sequence number (0 if the PSAM never signed).</summary>
    public uint Sequence { get; init; }

    /// <summary>Earlier purchases of this purse that this session recovered (completed or voided).</summary>
    public int Recovered { get; init; }

    /// <summary>A human-readable account.</summary>
    public string Message { get; init; } = "";
}
