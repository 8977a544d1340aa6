using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace CardOS.Applets.Crypto;

/// <summary>
/// AES-CMAC (NIST SP 800-38B, RFC 4493) from BouncyCastle, with truncation to the leftmost bytes (SP 800-38B 5.5)
/// and constant-time verification. Each call schedules the key anew: for host-side and one-off use. Card code that MACs
/// under the same keys again and again keeps their schedules (<see cref="AesCmacSchedules"/>).
/// </summary>
public static class AesCmac
{
    /// <summary>The full CMAC length (the AES block).</summary>
    public const int MaxMacLength = 16;

    /// <summary>
    /// Writes the leftmost <paramref name="mac"/>.Length bytes of AES-CMAC(<paramref name="key"/>, <paramref name="message"/>).
    /// </summary>
    /// <param name="key">An AES key: 16, 24 or 32 bytes.</param>
    /// <param name="message">The message.</param>
    /// <param name="mac">Receives the MAC: 1 to 16 bytes.</param>
    public static void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message, Span<byte> mac)
    {
        CheckKey(key);
        if (mac.Length is < 1 or > MaxMacLength)
            throw new ArgumentException($"A CMAC holds 1 to {MaxMacLength} bytes; {mac.Length} were asked for.", nameof(mac));

        var cmac = new CMac(new AesEngine());
        cmac.Init(new KeyParameter(key));
        cmac.BlockUpdate(message);
        Span<byte> full = stackalloc byte[MaxMacLength];
        cmac.DoFinal(full);
        full[..mac.Length].CopyTo(mac);
        CryptographicOperations.ZeroMemory(full);
    }

    /// <summary>True when <paramref name="mac"/> is the leftmost bytes of the message's CMAC; compares in constant time.</summary>
    public static bool Verify(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message, ReadOnlySpan<byte> mac)
    {
        if (mac.Length is < 1 or > MaxMacLength)
            return false;
        Span<byte> expected = stackalloc byte[mac.Length];
        Compute(key, message, expected);
        return CryptographicOperations.FixedTimeEquals(expected, mac);
    }

    private static void CheckKey(ReadOnlySpan<byte> key)
    {
        if (key.Length is not (16 or 24 or 32))
            throw new ArgumentException($"An AES key has 16, 24 or 32 bytes; got {key.Length}.", nameof(key));
    }
}
