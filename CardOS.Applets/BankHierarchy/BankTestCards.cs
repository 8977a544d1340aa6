using CardOS.Apdu;
using CardOS.Applets.SecurityCard;
using CardOS.Runtime;

namespace CardOS.Applets.BankHierarchy;

/// <summary>
/// Builds the documented test cards: their personalisation records, and installed, personalised and funded cards.
/// Funding never creates money outside a center: a throwaway in-memory center creates it and the ordinary exchange
/// carries it down the hierarchy to the card.
/// </summary>
public static class BankTestCards
{
    /// <summary>The daily rate (10⁻⁹ per day) every test bank card pays the level below.</summary>
    public const uint TestInterest = 100_000;

    /// <summary>The account of a test card.</summary>
    public static AccountNumber AccountOf(BankTestCard card) => AccountNumber.Parse(card switch
    {
        BankTestCard.Center => "9000000000000001",
        BankTestCard.Region => "8000000000000001",
        BankTestCard.Branch => "7000000000000001",
        BankTestCard.User => "1000000000000001",
        BankTestCard.SecondUser => "1000000000000002",
        BankTestCard.Merchant => "2000000000000001",
        _ => "0000000000000001",
    });

    /// <summary>The balance <see cref="Install(Card, BankTestCard, CryptoProfile, bool, Aid?, bool)"/> funds a test card with.</summary>
    public static uint FundingOf(BankTestCard card) => card switch
    {
        BankTestCard.Center => 1_000_000,
        BankTestCard.Region => 100_000,
        BankTestCard.Branch => 10_000,
        BankTestCard.Admin => 0,
        _ => 1_000,
    };

    /// <summary>The personalisation record of a test card.</summary>
    public static PersonalisationRecord Record(BankTestCard card, CryptoProfile profile = CryptoProfile.Des)
    {
        AccountNumber account = AccountOf(card);
        (BankRole role, string name) = card switch
        {
            BankTestCard.Center => (BankRole.Center, "CENTER"),
            BankTestCard.Region => (BankRole.Region, "REGION1"),
            BankTestCard.Branch => (BankRole.Branch, "BRANCH1"),
            BankTestCard.User => (BankRole.Consumer, "ALICE"),
            BankTestCard.SecondUser => (BankRole.Consumer, "BOB"),
            BankTestCard.Merchant => (BankRole.Merchant, "SHOP"),
            _ => (BankRole.Admin, "ADMIN"),
        };
        return Record(role, account, name, profile);
    }

    /// <summary>A test personalisation record for any role, account and name (test keys, PIN, holder key, limits).</summary>
    public static PersonalisationRecord Record(BankRole role, AccountNumber account, string name, CryptoProfile profile = CryptoProfile.Des)
    {
        bool user = BankRoles.IsUser(role);
        byte[] seed = account.ToArray();
        for (int i = 0; i < seed.Length; i++)
            seed[i] ^= (byte)(0x5A + (17 * i));
        return new PersonalisationRecord
        {
            Role = role,
            Profile = profile,
            Currency = BankTestKeys.Currency,
            BadKeyLimit = 10,
            Account = account,
            PublicName = PersonalisationRecord.Name(name),
            ApplicationNumber = BankTestKeys.ApplicationNumber,
            MinTrans = user ? 100u : 0u,
            MaxTrans = user ? 500u : 0u,
            Pin = "1234"u8.ToArray(),
            HolderKey = "HOLDERKEY"u8.ToArray(),
            KeyNumber = BankTestKeys.FirstKeyNumber,
            KeyDate = BankTestKeys.Date,
            RandomSeed = seed,
            LockCloseKey = SecurityCardMacs.DeriveLockKey(BankTestKeys.LockCloseMasterKey, LockOperation.Close, account.Bcd),
            LockOpenKey = SecurityCardMacs.DeriveLockKey(BankTestKeys.LockOpenMasterKey, LockOperation.Open, account.Bcd),
            LockCloseMasterKey = role == BankRole.Admin ? BankTestKeys.LockCloseMasterKey : null,
            LockOpenMasterKey = role == BankRole.Admin ? BankTestKeys.LockOpenMasterKey : null,
            AppKeys = BankTestKeys.AppKeys(profile),
            CheckKey = BankTestKeys.CheckKey(profile),
            ValidLow = AccountNumber.Parse("0000000000000000"),
            ValidHigh = AccountNumber.Parse("9999999999999999"),
            Interest = BankRoles.IsBank(role) ? TestInterest : 0,
            CreationKey = role == BankRole.Center ? BankTestKeys.CreationKey : null,
            IssueNext = AccountNumber.Parse("1000000000001000"),
            IssueLast = AccountNumber.Parse("1000000000009999"),
        };
    }

    /// <summary>
    /// Installs the bank applet on <paramref name="card"/> with the test transport key, personalises it as
    /// <paramref name="which"/>, and (when <paramref name="fund"/>) gives it <see cref="FundingOf"/> through a throwaway
    /// hierarchy. Leaves the card powered with nothing selected. Over an EEPROM image that holds a personalised card it only
    /// re-binds the applet.
    /// </summary>
    public static BankCardApplet Install(Card card, BankTestCard which, CryptoProfile profile = CryptoProfile.Des, bool fund = true, Aid? aid = null, bool isDefault = false)
    {
        ArgumentNullException.ThrowIfNull(card);
        BankCardApplet applet = BankCardApplet.Install(card, BankTestKeys.TransportKey, aid, isDefault);
        if (applet.LifeState != BankLifeState.Blank)
            return applet; // re-installed over an image that holds the card already
        var client = new BankCardClient(new DirectCardChannel(card), aid);
        BankIssuer.Personalise(client, Record(which, profile), BankTestKeys.TransportKey);
        uint amount = fund ? FundingOf(which) : 0;
        if (amount > 0)
            Fund(client, which, amount, profile);
        card.Reset();
        return applet;
    }

    /// <summary>
    /// Installs the bank applet on <paramref name="card"/> with the test transport key and personalises it as a test
    /// card of any <paramref name="role"/>, <paramref name="account"/> and <paramref name="name"/> (test keys, PIN and
    /// holder key), funded with <paramref name="balance"/> through a throwaway hierarchy. Leaves the card powered with
    /// nothing selected (<c>cardos issue</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The card already holds a personalised bank applet, or funding failed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An admin card cannot hold a balance.</exception>
    public static BankCardApplet Install(Card card, BankRole role, AccountNumber account, string name, uint balance, CryptoProfile profile = CryptoProfile.Des)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (role == BankRole.Admin && balance > 0)
            throw new ArgumentOutOfRangeException(nameof(balance), balance, "An admin card has no balance.");
        BankCardApplet applet = BankCardApplet.Install(card, BankTestKeys.TransportKey);
        if (applet.LifeState != BankLifeState.Blank)
            throw new InvalidOperationException("The card already holds a personalised bank applet.");
        var client = new BankCardClient(new DirectCardChannel(card));
        BankIssuer.Personalise(client, Record(role, account, name, profile), BankTestKeys.TransportKey);
        if (balance > 0)
            Fund(client, role, balance, profile);
        card.Reset();
        return applet;
    }

    private static void Fund(BankCardClient target, BankTestCard which, uint amount, CryptoProfile profile) =>
        Fund(target, which switch
        {
            BankTestCard.Center => BankRole.Center,
            BankTestCard.Region => BankRole.Region,
            BankTestCard.Branch => BankRole.Branch,
            _ => BankRole.Consumer,
        }, amount, profile);

    private static void Fund(BankCardClient target, BankRole role, uint amount, CryptoProfile profile)
    {
        // The chain from a throwaway center down to the target's parent.
        BankTestCard[] ladder = role switch
        {
            BankRole.Center => [],
            BankRole.Region => [BankTestCard.Center],
            BankRole.Branch => [BankTestCard.Center, BankTestCard.Region],
            _ => [BankTestCard.Center, BankTestCard.Region, BankTestCard.Branch],
        };

        BankCardClient center = ladder.Length == 0 ? target : Throwaway(BankTestCard.Center, profile);
        center.Select().ThrowIfFailed();
        center.CreateMoney(amount, AccountOf(BankTestCard.Center), BankTestKeys.CreationKey).ThrowIfFailed();
        BankCardClient from = center;
        for (int i = 1; i <= ladder.Length; i++)
        {
            BankCardClient to = i < ladder.Length ? Throwaway(ladder[i], profile) : target;
            Pay(from, to, amount);
            from = to;
        }
    }

    private static BankCardClient Throwaway(BankTestCard which, CryptoProfile profile)
    {
        var card = new Card(new CardOptions { RandomSeed = (int)which + 1000 });
        BankCardApplet.Install(card, BankTestKeys.TransportKey);
        var client = new BankCardClient(new DirectCardChannel(card));
        BankIssuer.Personalise(client, Record(which, profile), BankTestKeys.TransportKey);
        return client;
    }

    private static void Pay(BankCardClient from, BankCardClient to, uint amount)
    {
        from.Select().ThrowIfFailed();
        to.Select().ThrowIfFailed();
        from.VerifyPin(BankTestKeys.Pin).ThrowIfFailed();
        from.VerifyHolderKey(BankTestKeys.HolderKey).ThrowIfFailed();
        ExchangeOutcome outcome = BankExchangeTerminal.Transfer(from, to, amount);
        if (!outcome.IsCompleted)
            throw new InvalidOperationException($"Funding a test card failed at {outcome}.");
    }
}
