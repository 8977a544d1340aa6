namespace CardOS.Applets.BankHierarchy;

/// <summary>
/// The key schedules of the bank cards' cipher engines (DES or AES, CBC and CMAC, per application key and CHECK_KEY),
/// shareable by any number of bank cards in one process.
/// </summary>
/// <remarks>
/// <para>
/// A key schedule is a pure function of the key bytes, which the cards keep in their EEPROM and pass on every call:
/// the cache holds no card state, and a card never learns through it anything another card did. Cards built without
/// one get a private cache, created at their first exchange and kept for the card's life (about 2 KiB). A hierarchy of
/// many cards that share application keys (<c>cardos simulate</c>) passes one cache to all of them: idle cards then
/// cost no cipher state at all, and a key's schedule is built once, not once per card.
/// </para>
/// <para>Thread-safe: cards served from several threads may share it.</para>
/// </remarks>
public sealed class BankCipherCache
{
    private BankCrypto? _des;
    private BankCrypto? _aes;

    /// <summary>The engines of <paramref name="profile"/>.</summary>
    internal BankCrypto For(CryptoProfile profile) => profile switch
    {
        CryptoProfile.Des => Get(ref _des, profile),
        CryptoProfile.Aes => Get(ref _aes, profile),
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "The profile is DES or AES."),
    };

    private static BankCrypto Get(ref BankCrypto? slot, CryptoProfile profile)
    {
        if (slot is null)
            Interlocked.CompareExchange(ref slot, new BankCrypto(profile), null);
        return slot;
    }
}
