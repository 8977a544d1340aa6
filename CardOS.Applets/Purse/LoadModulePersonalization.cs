namespace CardOS.Applets.Purse;

/// <summary>What the issuer's load module is personalised with: its id, the issuer and currency, load and update master keys.</summary>
public sealed record LoadModulePersonalization
{
    /// <summary>The module's id, 4 bytes (purses sign it into S1 and log it).</summary>
    public required byte[] LoadModuleId { get; init; }

    /// <summary>The issuer, 4 bytes.</summary>
    public required byte[] IssuerId { get; init; }

    /// <summary>The currency, ISO 4217 numeric as BCD.</summary>
    public ushort Currency { get; init; } = PurseTestKeys.Currency;

    /// <summary>The version of the load master key.</summary>
    public byte LoadKeyVersion { get; init; } = PurseTestKeys.KeyVersion;

    /// <summary>The load master key, 16 bytes.</summary>
    public required byte[] LoadMasterKey { get; init; }

    /// <summary>The version of the update master key.</summary>
    public byte UpdateKeyVersion { get; init; } = PurseTestKeys.KeyVersion;

    /// <summary>The update master key, 16 bytes.</summary>
    public required byte[] UpdateMasterKey { get; init; }

    /// <summary>The test issuer's load module (<see cref="PurseTestKeys"/>).</summary>
    public static LoadModulePersonalization ForTestIssuer() => new()
    {
        LoadModuleId = PurseTestKeys.LoadModuleId.ToArray(),
        IssuerId = PurseTestKeys.IssuerId.ToArray(),
        LoadMasterKey = PurseTestKeys.LoadMasterKey.ToArray(),
        UpdateMasterKey = PurseTestKeys.UpdateMasterKey.ToArray(),
    };

    internal void Validate()
    {
        if (LoadModuleId is not { Length: PurseFormat.ModuleIdLength } || IssuerId is not { Length: PurseFormat.IssuerIdLength }
            || LoadMasterKey is not { Length: PurseFormat.KeyLength } || UpdateMasterKey is not { Length: PurseFormat.KeyLength })
            throw new ArgumentException("A load module takes a 4-byte id, a 4-byte issuer id and two 16-byte master keys.");
    }
}
