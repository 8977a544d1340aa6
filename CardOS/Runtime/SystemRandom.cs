using System.Security.Cryptography;

namespace CardOS.Runtime;

/// <summary>
/// The cryptographic generator behind cards without a <see cref="CardOptions.RandomSeed"/>: the platform's
/// <see cref="RandomNumberGenerator"/>, drawn in blocks per thread. A card asks for 8 or 16 bytes at a time, and one
/// platform call costs about as much as a whole APDU; a block serves a few dozen such requests.
/// </summary>
internal static class SystemRandom
{
    private const int BlockSize = 512;

    [ThreadStatic]
    private static byte[]? t_block;

    [ThreadStatic]
    private static int t_used;

    /// <summary>Fills <paramref name="destination"/> with cryptographically strong random bytes, each handed out once.</summary>
    public static void Fill(Span<byte> destination)
    {
        if (destination.Length > BlockSize / 4)
        {
            RandomNumberGenerator.Fill(destination);
            return;
        }

        byte[]? block = t_block;
        if (block is null || t_used + destination.Length > BlockSize)
        {
            block ??= t_block = new byte[BlockSize];
            RandomNumberGenerator.Fill(block);
            t_used = 0;
        }

        Span<byte> source = block.AsSpan(t_used, destination.Length);
        source.CopyTo(destination);
        source.Clear();
        t_used += destination.Length;
    }
}
