namespace CardOS.Applets.Purse;

/// <summary>What a PSAM is personalised with: its id, the issuer and currency it accepts, the purchase master key.</summary>
public sealed record PsamPersonalization
{
    /// <summary>The PSAM's id, 4 bytes (it appears in every purse's log entry of a purchase it signed).</summary>
    public required byte[] PsamId { get; init; }

    /// <summary>The issuer whose purses it accepts, 4 bytes.</summary>
    public required byte[] IssuerId { get; init; }

    /// <summary>The currency it accepts, ISO 4217 numeric as BCD.</summary>
    public ushort Currency { get; init; } = PurseTestKeys.Currency;

    /// <summary>The version of its purchase master key (purses name it in INITIALIZE FOR PURCHASE).</summary>
    public byte KeyVersion { get; init; } = PurseTestKeys.KeyVersion;

    /// <summary>The issuer's purchase master key, 16 bytes.</summary>
    public required byte[] PurchaseMasterKey { get; init; }

    /// <summary>The test issuer's PSAM (<see cref="PurseTestKeys"/>).</summary>
    public static PsamPersonalization ForTestIssuer(byte[]? psamId = null) => new()
    {
        PsamId = psamId ?? PurseTestKeys.PsamId.ToArray(),
        IssuerId = PurseTestKeys.IssuerId.ToArray(),
        PurchaseMasterKey = PurseTestKeys.PurchaseMasterKey.ToArray(),
    };

    internal void Validate()
    {
        if (PsamId is not { Length: PurseFormat.ModuleIdLength } || IssuerId is not { Length: PurseFormat.IssuerIdLength }
            || PurchaseMasterKey is not { Length: PurseFormat.KeyLength })
            throw new ArgumentException("A PSAM takes a 4-byte id, a 4-byte issuer id and a 16-byte master key.");
    }
}
