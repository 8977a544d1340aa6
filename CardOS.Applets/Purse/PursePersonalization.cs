namespace CardOS.Applets.Purse;

/// <summary>
/// What the issuer writes into a purse when it installs it on a blank card (an existing image keeps its own data).
/// </summary>
public sealed record PursePersonalization
{
    /// <summary>Issuer id, 4 bytes.</summary>
    public required byte[] IssuerId { get; init; }

    /// <summary>Card number, 8 bytes of packed BCD.</summary>
    public required byte[] CardNumber { get; init; }

    /// <summary>Expiry date, 4 bytes BCD YYYYMMDD: the last day the card may transact.</summary>
    public required byte[] Expiry { get; init; }

    /// <summary>Currency, ISO 4217 numeric as BCD (0978 for EUR).</summary>
    public ushort Currency { get; init; } = PurseTestKeys.Currency;

    /// <summary>Currency exponent (2: amounts are hundredths).</summary>
    public byte Exponent { get; init; } = PurseTestKeys.Exponent;

    /// <summary>The balance the purse never exceeds.</summary>
    public uint MaximumBalance { get; init; } = 100_000;

    /// <summary>The balance at issue.</summary>
    public uint InitialBalance { get; init; }

    /// <summary>The transaction counter at issue.</summary>
    public uint InitialCounter { get; init; }

    /// <summary>The card's purchase key (16 bytes, derived from the purchase master key).</summary>
    public required byte[] PurchaseKey { get; init; }

    /// <summary>The purchase key's version (names the master key a PSAM derives it from).</summary>
    public byte PurchaseKeyVersion { get; init; } = PurseTestKeys.KeyVersion;

    /// <summary>The card's load key (16 bytes).</summary>
    public required byte[] LoadKey { get; init; }

    /// <summary>The load key's version.</summary>
    public byte LoadKeyVersion { get; init; } = PurseTestKeys.KeyVersion;

    /// <summary>The card's update key (16 bytes).</summary>
    public required byte[] UpdateKey { get; init; }

    /// <summary>The update key's version.</summary>
    public byte UpdateKeyVersion { get; init; } = PurseTestKeys.KeyVersion;

    /// <summary>
    /// A purse of the documented test issuer (<see cref="PurseTestKeys"/>): keys derived from the test master keys for
    /// <paramref name="cardNumber"/> (default 5999000000000001).
    /// </summary>
    public static PursePersonalization ForTestIssuer(byte[]? cardNumber = null, uint initialBalance = 0, uint maximumBalance = 100_000)
    {
        byte[] card = cardNumber ?? PurseTestKeys.CardNumber.ToArray();
        byte[] issuer = PurseTestKeys.IssuerId.ToArray();
        return new PursePersonalization
        {
            IssuerId = issuer,
            CardNumber = card,
            Expiry = PurseTestKeys.Expiry.ToArray(),
            MaximumBalance = maximumBalance,
            InitialBalance = initialBalance,
            PurchaseKey = PurseKeys.DerivePurchaseKey(PurseTestKeys.PurchaseMasterKey, issuer, card),
            LoadKey = PurseKeys.DeriveLoadKey(PurseTestKeys.LoadMasterKey, issuer, card),
            UpdateKey = PurseKeys.DeriveUpdateKey(PurseTestKeys.UpdateMasterKey, issuer, card),
        };
    }

    internal void Validate()
    {
        Check(IssuerId, PurseFormat.IssuerIdLength, nameof(IssuerId));
        Check(CardNumber, PurseFormat.CardNumberLength, nameof(CardNumber));
        Check(Expiry, BcdDate.Length, nameof(Expiry));
        Check(PurchaseKey, PurseFormat.KeyLength, nameof(PurchaseKey));
        Check(LoadKey, PurseFormat.KeyLength, nameof(LoadKey));
        Check(UpdateKey, PurseFormat.KeyLength, nameof(UpdateKey));
        if (!BcdDate.IsValid(Expiry))
            throw new ArgumentException("The expiry is not a BCD date YYYYMMDD.");
        if (InitialBalance > MaximumBalance)
            throw new ArgumentException("The initial balance exceeds the maximum balance.");
    }

    private static void Check(byte[] value, int length, string name)
    {
        if (value is null || value.Length != length)
            throw new ArgumentException($"{name} has {length} bytes.");
    }
}
