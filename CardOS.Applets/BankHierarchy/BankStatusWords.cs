using CardOS.Apdu;

namespace CardOS.Applets.BankHierarchy;

/// <summary>The bank applet's own status words (proprietary '94xx'); docs/applets/bank-hierarchy.md lists when each is answered.</summary>
public static class BankStatusWords
{
    /// <summary>9401: the balance is too low for the payment or the interest.</summary>
    public static readonly StatusWord InsufficientBalance = new(0x9401);

    /// <summary>9402: the balance would exceed FFFFFF.</summary>
    public static readonly StatusWord BalanceLimitExceeded = new(0x9402);

    /// <summary>9403: fewer than two application keys in common with the other card (BAD_KEY counted).</summary>
    public static readonly StatusWord NoCommonKeys = new(0x9403);

    /// <summary>9404: a packet, MAC or cryptogram does not check, replays included (BAD_KEY counted).</summary>
    public static readonly StatusWord BadPacket = new(0x9404);

    /// <summary>9405: the card is locked, BAD_KEY reached its limit.</summary>
    public static readonly StatusWord BadKeyLimitReached = new(0x9405);

    /// <summary>9406: the security lock is closed.</summary>
    public static readonly StatusWord SecurityLockClosed = new(0x9406);

    /// <summary>9407: the card is invalidated.</summary>
    public static readonly StatusWord CardInvalidated = new(0x9407);

    /// <summary>9408: the other card's currency differs.</summary>
    public static readonly StatusWord CurrencyMismatch = new(0x9408);

    /// <summary>9409: the account lies outside the bank card's VALID_ACCOUNT range.</summary>
    public static readonly StatusWord AccountNotServed = new(0x9409);

    /// <summary>940A: these two kinds of card may not transact (FIG. 2 of the patent).</summary>
    public static readonly StatusWord RolesMayNotTransact = new(0x940A);
}
