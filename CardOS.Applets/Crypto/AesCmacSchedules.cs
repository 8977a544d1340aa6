using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace CardOS.Applets.Crypto;

/// <summary>
/// AES-CMAC (NIST SP 800-38B) under the last few keys an applet used, each key's schedule (AES round keys and the
/// CMAC subkeys) built once and kept, like a crypto coprocessor's key registers: a MAC over a known key allocates nothing.
/// The key bytes stay in the applet's EEPROM and come with every call; a key that changed misses and is scheduled anew.
/// </summary>
/// <remarks>An applet keeps one in a field (RAM: rebuilt with the applet after a power loss). Not thread-safe: a card is.</remarks>
internal sealed class AesCmacSchedules
{
    private const int Capacity = 4;

    private readonly byte[][] _keys = new byte[Capacity][];
    private readonly CMac[] _macs = new CMac[Capacity];
    private readonly byte[] _full = new byte[AesCmac.MaxMacLength];
    private int _count;
    private int _next;

    /// <summary>
    /// Writes the leftmost <paramref name="mac"/>.Length bytes of AES-CMAC(<paramref name="key"/>, <paramref name="message"/>):
    /// the same bytes as <see cref="AesCmac.Compute"/>.
    /// </summary>
    public void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message, Span<byte> mac)
    {
        if (mac.Length is < 1 or > AesCmac.MaxMacLength)
            throw new ArgumentException($"A CMAC holds 1 to {AesCmac.MaxMacLength} bytes; {mac.Length} were asked for.", nameof(mac));
        CMac cmac = For(key);
        cmac.BlockUpdate(message);
        cmac.DoFinal(_full);
        _full.AsSpan(0, mac.Length).CopyTo(mac);
        CryptographicOperations.ZeroMemory(_full);
    }

    private CMac For(ReadOnlySpan<byte> key)
    {
        for (int i = 0; i < _count; i++)
        {
            if (key.SequenceEqual(_keys[i]))
                return _macs[i];
        }

        if (key.Length is not (16 or 24 or 32))
            throw new ArgumentException($"An AES key has 16, 24 or 32 bytes; got {key.Length}.", nameof(key));
        int slot = _next;
        _next = (_next + 1) % Capacity;
        _count = Math.Min(_count + 1, Capacity);
        if (_keys[slot] is { } old)
            CryptographicOperations.ZeroMemory(old);
        _keys[slot] = key.ToArray();
        var cmac = new CMac(new AesEngine());
        cmac.Init(new KeyParameter(key));
        _macs[slot] = cmac;
        return cmac;
    }
}
