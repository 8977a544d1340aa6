namespace CardOS.Applets.Purse.Terminal;

/// <summary>
/// A payment ledger written by an older CardOS (currency stored as the BCD code read as an integer, no exponent): it is
/// refused, never read or silently migrated; <see cref="SqlPaymentLedger.ConvertLegacy"/> converts it on request.
/// </summary>
public sealed class LegacyLedgerException : InvalidOperationException
{
    /// <summary>An exception with no message.</summary>
    public LegacyLedgerException()
    {
    }

    /// <summary>An exception with <paramref name="message"/>.</summary>
    public LegacyLedgerException(string message)
        : base(message)
    {
    }

    /// <summary>An exception with <paramref name="message"/> and the exception that caused it.</summary>
    public LegacyLedgerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
