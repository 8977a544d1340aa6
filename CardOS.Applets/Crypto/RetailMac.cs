using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Paddings;
using Org.BouncyCastle.Crypto.Parameters;

namespace CardOS.Applets.Crypto;

/// <summary>
/// The retail MAC, ISO/IEC 9797-1 MAC algorithm 3 with DES and padding method 2 (ISO/IEC 7816-4 '80 00..'),
/// from BouncyCastle's <c>ISO9797Alg3Mac</c>: single-DES CBC under K1, then the last block decrypted under K2 and
/// encrypted under K1 (K3 = K1 for a 16-byte key).
/// </summary>
public static class RetailMac
{
    /// <summary>The MAC length: one DES block.</summary>
    public const int MacLength = 8;

    /// <summary>Writes the leftmost <paramref name="mac"/>.Length bytes of the retail MAC.</summary>
    /// <param name="key">A double-length (16 bytes: K1 K2) or triple-length (24 bytes: K1 K2 K3) DES key.</param>
    /// <param name="message">The message (padded here with method 2).</param>
    /// <param name="mac">Receives the MAC: 1 to 8 bytes (ISO/IEC 9797-1 truncation keeps the leftmost).</param>
    public static void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message, Span<byte> mac)
    {
        if (key.Length is not (16 or 24))
            throw new ArgumentException($"A retail MAC key has 16 or 24 bytes; got {key.Length}.", nameof(key));
        if (mac.Length is < 1 or > MacLength)
            throw new ArgumentException($"A retail MAC holds 1 to {MacLength} bytes; {mac.Length} were asked for.", nameof(mac));

        var engine = new ISO9797Alg3Mac(new DesEngine(), new ISO7816d4Padding());
        engine.Init(new KeyParameter(key.ToArray()));
        byte[] input = message.ToArray();
        engine.BlockUpdate(input, 0, input.Length);
        byte[] full = new byte[MacLength];
        engine.DoFinal(full, 0);
        full.AsSpan(0, mac.Length).CopyTo(mac);
        CryptographicOperations.ZeroMemory(full);
    }

    /// <summary>True when <paramref name="mac"/> is the leftmost bytes of the message's retail MAC; constant-time compare.</summary>
    public static bool Verify(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message, ReadOnlySpan<byte> mac)
    {
        if (mac.Length is < 1 or > MacLength)
            return false;
        Span<byte> expected = stackalloc byte[mac.Length];
        Compute(key, message, expected);
        return CryptographicOperations.FixedTimeEquals(expected, mac);
    }
}
