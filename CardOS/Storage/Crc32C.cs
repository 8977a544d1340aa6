using System.Buffers.Binary;
using System.Numerics;

namespace CardOS.Storage;

/// <summary>CRC-32C (Castagnoli) over a span, on the platform's hardware-accelerated primitive.</summary>
internal static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data, uint seed = 0)
    {
        uint crc = ~seed;
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (byte b in data)
            crc = BitOperations.Crc32C(crc, b);
        return ~crc;
    }
}
