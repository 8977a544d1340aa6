namespace CardOS.Applets.BankHierarchy;

/// <summary>
/// The documented test keys (docs/applets/bank-hierarchy.md, Test keys) for tests, demos and <c>cardos serve --card bank-*</c>.
/// Never use them for anything else. Every property returns a fresh copy.
/// </summary>
public static class BankTestKeys
{
    /// <summary>The transport key: 40 41 ... 4F.</summary>
    public static byte[] TransportKey => Sequence(0x40, 16);

    /// <summary>The application number: "CARDBK1".</summary>
    public static byte[] ApplicationNumber => "CARDBK1"u8.ToArray();

    /// <summary>The number of the first test key (APPKEY0 of a freshly issued test card).</summary>
    public const byte FirstKeyNumber = 1;

    /// <summary>Test application key number <paramref name="i"/> (1-4): byte j = 16·i + j (8 bytes for DES, 16 for AES).</summary>
    public static byte[] AppKey(int i, CryptoProfile profile) => Sequence((byte)(16 * i), profile == CryptoProfile.Aes ? 16 : 8);

    /// <summary>The four test application keys numbered 1-4.</summary>
    public static byte[][] AppKeys(CryptoProfile profile) => [AppKey(1, profile), AppKey(2, profile), AppKey(3, profile), AppKey(4, profile)];

    /// <summary>The CHECK_KEY: C0 C1 ... (8 or 16 bytes).</summary>
    public static byte[] CheckKey(CryptoProfile profile) => Sequence(0xC0, profile == CryptoProfile.Aes ? 16 : 8);

    /// <summary>The close-lock master key: the security key card's test master key (SHA-256 of "CardOS test close-lock master key").</summary>
    public static byte[] LockCloseMasterKey => SecurityCard.SecurityCardTestKeys.CloseLockMasterKey();

    /// <summary>The open-lock master key: the security key card's test master key (SHA-256 of "CardOS test open-lock master key").</summary>
    public static byte[] LockOpenMasterKey => SecurityCard.SecurityCardTestKeys.OpenLockMasterKey();

    /// <summary>The creation key: D0 ... DF.</summary>
    public static byte[] CreationKey => Sequence(0xD0, 16);

    /// <summary>Every test card's PIN.</summary>
    public const string Pin = "1234";

    /// <summary>Every test card's holder key.</summary>
    public const string HolderKey = "HOLDERKEY";

    /// <summary>The test currency.</summary>
    public const byte Currency = 0x01;

    /// <summary>The test date, 1 November 2026.</summary>
    public static BankDate Date => new(11, 1, 2026);

    private static byte[] Sequence(byte first, int length)
    {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
            bytes[i] = (byte)(first + i);
        return bytes;
    }
}
