using CardOS.Applets.Crypto;

namespace CardOS.Applets.Purse;

/// <summary>
/// Per-card keys of the purse family: each card key is derived from an issuer master key and the card's identity
/// (issuer id, card number) with <see cref="KeyDiversification"/>. The issuer personalises the card with the derived
/// keys; the PSAM (purchase) and the load module (load, update) hold the master keys and derive them again.
/// </summary>
public static class PurseKeys
{
    /// <summary>Derives a card's purchase key.</summary>
    public static byte[] DerivePurchaseKey(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> issuerId, ReadOnlySpan<byte> cardNumber) =>
        Derive(masterKey, "CardOS purse purchase"u8, issuerId, cardNumber);

    /// <summary>Derives a card's load key.</summary>
    public static byte[] DeriveLoadKey(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> issuerId, ReadOnlySpan<byte> cardNumber) =>
        Derive(masterKey, "CardOS purse load"u8, issuerId, cardNumber);

    /// <summary>Derives a card's update key.</summary>
    public static byte[] DeriveUpdateKey(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> issuerId, ReadOnlySpan<byte> cardNumber) =>
        Derive(masterKey, "CardOS purse update"u8, issuerId, cardNumber);

    private static byte[] Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> label, ReadOnlySpan<byte> issuerId, ReadOnlySpan<byte> cardNumber)
    {
        if (issuerId.Length != PurseFormat.IssuerIdLength)
            throw new ArgumentException($"An issuer id has {PurseFormat.IssuerIdLength} bytes.", nameof(issuerId));
        if (cardNumber.Length != PurseFormat.CardNumberLength)
            throw new ArgumentException($"A card number has {PurseFormat.CardNumberLength} bytes.", nameof(cardNumber));
        Span<byte> context = stackalloc byte[PurseFormat.IssuerIdLength + PurseFormat.CardNumberLength];
        issuerId.CopyTo(context);
        cardNumber.CopyTo(context[PurseFormat.IssuerIdLength..]);
        byte[] key = new byte[PurseFormat.KeyLength];
        KeyDiversification.Derive(masterKey, label, context, key);
        return key;
    }
}
