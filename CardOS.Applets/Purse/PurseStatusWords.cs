using CardOS.Apdu;

namespace CardOS.Applets.Purse;

/// <summary>
/// The purse family's own status words (ISO/IEC 7816-4 5.6 leaves '9XXX' other than '9000' to applications, as
/// EN 1546 does for its IEP). Everything else the purse, the PSAM and the load module answer is an ISO status word.
/// </summary>
public static class PurseStatusWords
{
    /// <summary>9401: the balance does not cover the amount.</summary>
    public static readonly StatusWord InsufficientBalance = new(0x9401);

    /// <summary>9402: the operation would take the balance above the maximum balance.</summary>
    public static readonly StatusWord MaximumBalanceExceeded = new(0x9402);

    /// <summary>9403: the card has expired (the transaction date lies after the expiry date).</summary>
    public static readonly StatusWord CardExpired = new(0x9403);

    /// <summary>9404: a sequence counter has reached its last value; the card or module takes no more transactions.</summary>
    public static readonly StatusWord CounterExhausted = new(0x9404);

    /// <summary>9405: the currency is not the card's (or the module's).</summary>
    public static readonly StatusWord WrongCurrency = new(0x9405);
}
