using System.Buffers.Binary;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace CardOS.Applets.Crypto;

/// <summary>
/// Per-card keys from a master key: NIST SP 800-108 KDF in counter mode with AES-CMAC as the PRF (BouncyCastle's
/// <c>KdfCounterBytesGenerator</c>), fixed input <c>Label || 00 || Context || [L]32</c> after an 8-bit counter.
/// The issuer personalises each card with its derived key; a security module holding the master key derives the same
/// key from the card's identity whenever it meets the card.
/// </summary>
public static class KeyDiversification
{
    /// <summary>
    /// Derives <paramref name="derivedKey"/>.Length bytes from <paramref name="masterKey"/> for <paramref name="context"/>
    /// (typically the card's identity) under <paramref name="label"/> (the key's purpose).
    /// </summary>
    /// <param name="masterKey">An AES master key: 16, 24 or 32 bytes.</param>
    /// <param name="label">What the key is for, for example ASCII "PURCHASE".</param>
    /// <param name="context">Whom the key is for, for example issuer id and card number.</param>
    /// <param name="derivedKey">Receives the key: 1 to 255 AES blocks' worth of bytes.</param>
    public static void Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> label, ReadOnlySpan<byte> context, Span<byte> derivedKey)
    {
        if (masterKey.Length is not (16 or 24 or 32))
            throw new ArgumentException($"An AES master key has 16, 24 or 32 bytes; got {masterKey.Length}.", nameof(masterKey));
        if (derivedKey.IsEmpty || derivedKey.Length > 255 * 16)
            throw new ArgumentException("The derived key holds 1 to 4080 bytes.", nameof(derivedKey));

        // SP 800-108 5.1: K(i) = PRF(KI, [i]8 || Label || 0x00 || Context || [L]32).
        byte[] fixedInput = new byte[label.Length + 1 + context.Length + 4];
        label.CopyTo(fixedInput);
        context.CopyTo(fixedInput.AsSpan(label.Length + 1));
        BinaryPrimitives.WriteUInt32BigEndian(fixedInput.AsSpan(fixedInput.Length - 4), (uint)derivedKey.Length * 8);

        byte[] master = masterKey.ToArray();
        var generator = new KdfCounterBytesGenerator(new CMac(new AesEngine()));
        generator.Init(new KdfCounterParameters(master, [], fixedInput, 8));
        byte[] output = new byte[derivedKey.Length];
        generator.GenerateBytes(output, 0, output.Length);
        output.CopyTo(derivedKey);
        CryptographicOperations.ZeroMemory(output);
        CryptographicOperations.ZeroMemory(master);
    }
}
