namespace CardOS.Applets.Purse;

/// <summary>
/// The documented test issuer: its id, currency and master keys. For tests, demos and the <c>purse</c>/<c>psam</c>
/// serve profiles only; never personalise a card that holds value with them.
/// </summary>
public static class PurseTestKeys
{
    /// <summary>Issuer id 12 34 56 78.</summary>
    public static ReadOnlySpan<byte> IssuerId => [0x12, 0x34, 0x56, 0x78];

    /// <summary>Currency 0978 (EUR, ISO 4217 numeric as BCD), exponent 2.</summary>
    public const ushort Currency = 0x0978;

    /// <summary>Currency exponent: amounts are in cents.</summary>
    public const byte Exponent = 2;

    /// <summary>Key version of every test master key.</summary>
    public const byte KeyVersion = 0x01;

    /// <summary>Purchase master key: 40 41 ... 4F.</summary>
    public static ReadOnlySpan<byte> PurchaseMasterKey => [0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4A, 0x4B, 0x4C, 0x4D, 0x4E, 0x4F];

    /// <summary>Load master key: 50 51 ... 5F.</summary>
    public static ReadOnlySpan<byte> LoadMasterKey => [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5A, 0x5B, 0x5C, 0x5D, 0x5E, 0x5F];

    /// <summary>Update master key: 60 61 ... 6F.</summary>
    public static ReadOnlySpan<byte> UpdateMasterKey => [0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F];

    /// <summary>The test PSAM's id: 50 53 41 01 ("PSA" 01).</summary>
    public static ReadOnlySpan<byte> PsamId => [0x50, 0x53, 0x41, 0x01];

    /// <summary>The test load module's id: 4C 4D 30 01 ("LM0" 01).</summary>
    public static ReadOnlySpan<byte> LoadModuleId => [0x4C, 0x4D, 0x30, 0x01];

    /// <summary>The test card number 5999 0000 0000 0001.</summary>
    public static ReadOnlySpan<byte> CardNumber => [0x59, 0x99, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01];

    /// <summary>The test cards' expiry, 2030-12-31.</summary>
    public static ReadOnlySpan<byte> Expiry => [0x20, 0x30, 0x12, 0x31];
}
