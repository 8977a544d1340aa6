namespace CardOS.Applets.BankHierarchy;

/// <summary>Which cards may transact with which (FIG. 2 of the patent, and the interest ladder).</summary>
public static class BankRoles
{
    /// <summary>True for consumer and merchant cards.</summary>
    public static bool IsUser(BankRole role) => role is BankRole.Consumer or BankRole.Merchant;

    /// <summary>True for branch, region and center cards (they hold BAD_CARD, VALID_ACCOUNT and INTEREST).</summary>
    public static bool IsBank(BankRole role) => role is BankRole.Branch or BankRole.Region or BankRole.Center;

    /// <summary>True when a card of role <paramref name="payer"/> may pay one of role <paramref name="payee"/>.</summary>
    public static bool MayPay(BankRole payer, BankRole payee) => (payer, payee) switch
    {
        _ when IsUser(payer) && IsUser(payee) => true,
        _ when IsUser(payer) && payee == BankRole.Branch => true,
        (BankRole.Branch, _) when IsUser(payee) => true,
        (BankRole.Branch, BankRole.Region) or (BankRole.Region, BankRole.Branch) => true,
        (BankRole.Region, BankRole.Center) or (BankRole.Center, BankRole.Region) => true,
        _ => false,
    };

    /// <summary>True when a card of role <paramref name="giver"/> gives interest and keys to one of role <paramref name="receiver"/>.</summary>
    public static bool MayGiveInterest(BankRole giver, BankRole receiver) => (giver, receiver) switch
    {
        (BankRole.Branch, _) when IsUser(receiver) => true,
        (BankRole.Region, BankRole.Branch) => true,
        (BankRole.Center, BankRole.Region) or (BankRole.Center, BankRole.Admin) => true,
        _ => false,
    };

    /// <summary>True when a card of this role takes part in payments.</summary>
    public static bool CanPay(BankRole role) => IsUser(role) || IsBank(role);

    /// <summary>True when a card of this role receives interest and keys from a level above.</summary>
    public static bool CanReceiveInterest(BankRole role) => IsUser(role) || role is BankRole.Branch or BankRole.Region or BankRole.Admin;
}
