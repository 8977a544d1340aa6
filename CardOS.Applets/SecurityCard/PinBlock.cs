namespace CardOS.Applets.SecurityCard;

/// <summary>
/// ISO 9564-1 format 2 PIN blocks, the 8-byte form VERIFY and CHANGE REFERENCE DATA carry: control nibble 2,
/// length nibble (4 to 12), the digits as nibbles, padding nibbles F.
/// </summary>
public static class PinBlock
{
    /// <summary>Bytes of a PIN block.</summary>
    public const int Length = 8;

    /// <summary>Encodes a PIN of 4 to 12 decimal digits.</summary>
    /// <exception cref="ArgumentException">The PIN is not 4 to 12 digits.</exception>
    public static byte[] Encode(string pin)
    {
        ArgumentNullException.ThrowIfNull(pin);
        if (pin.Length is < 4 or > 12 || !pin.All(char.IsAsciiDigit))
            throw new ArgumentException("A PIN has 4 to 12 decimal digits.", nameof(pin));
        var block = new byte[Length];
        block.AsSpan().Fill(0xFF);
        block[0] = (byte)(0x20 | pin.Length);
        for (int i = 0; i < pin.Length; i++)
        {
            int nibble = pin[i] - '0';
            int index = 1 + (i / 2);
            block[index] = (i % 2) == 0 ? (byte)((nibble << 4) | 0x0F) : (byte)((block[index] & 0xF0) | nibble);
        }

        return block;
    }

    /// <summary>True when <paramref name="block"/> is a well-formed format 2 PIN block.</summary>
    public static bool IsValid(ReadOnlySpan<byte> block)
    {
        if (block.Length != Length || (block[0] >> 4) != 2)
            return false;
        int length = block[0] & 0x0F;
        if (length is < 4 or > 12)
            return false;
        for (int i = 0; i < 14; i++)
        {
            int nibble = (i % 2) == 0 ? block[1 + (i / 2)] >> 4 : block[1 + (i / 2)] & 0x0F;
            if (i < length ? nibble > 9 : nibble != 0x0F)
                return false;
        }

        return true;
    }
}
