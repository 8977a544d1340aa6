using System.Buffers.Binary;
using System.Globalization;

namespace CardOS.Applets.BankHierarchy;

/// <summary>A 16-digit account number, stored on the card as 8 bytes of packed BCD (ACCOUNT_NUMBER).</summary>
/// <param name="Bcd">The 8 packed BCD bytes as a big-endian number: 0x1000000000000001 is account 1000000000000001.</param>
public readonly record struct AccountNumber(ulong Bcd)
{
    /// <summary>The encoded size in bytes.</summary>
    public const int Size = 8;

    /// <summary>The last 8 digits as BAD_CARD stores them (4 bytes of packed BCD, as a big-endian number).</summary>
    public uint LastEightDigits => (uint)Bcd;

    /// <summary>Parses 16 decimal digits.</summary>
    /// <exception cref="FormatException">Not 16 decimal digits.</exception>
    public static AccountNumber Parse(string digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        if (!TryParse(digits, out AccountNumber account))
            throw new FormatException($"An account number has 16 decimal digits; got \"{digits}\".");
        return account;
    }

    /// <summary>Parses 16 decimal digits (ASCII); false for anything else.</summary>
    public static bool TryParse(ReadOnlySpan<char> digits, out AccountNumber account)
    {
        account = default;
        if (digits.Length != 16)
            return false;
        ulong bcd = 0;
        foreach (char c in digits)
        {
            if (c is < '0' or > '9')
                return false;
            bcd = (bcd << 4) | (uint)(c - '0');
        }

        account = new AccountNumber(bcd);
        return true;
    }

    /// <summary>Reads 16 ASCII digits (VALID_ACCOUNT's encoding); false for anything else.</summary>
    public static bool TryReadAscii(ReadOnlySpan<byte> digits, out AccountNumber account)
    {
        account = default;
        if (digits.Length != 16)
            return false;
        ulong bcd = 0;
        foreach (byte c in digits)
        {
            if (c is < (byte)'0' or > (byte)'9')
                return false;
            bcd = (bcd << 4) | (uint)(c - '0');
        }

        account = new AccountNumber(bcd);
        return true;
    }

    /// <summary>Reads 8 bytes of packed BCD; false unless every nibble is a decimal digit.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out AccountNumber account)
    {
        account = default;
        if (source.Length < Size)
            return false;
        ulong bcd = BinaryPrimitives.ReadUInt64BigEndian(source);
        if (!IsBcd(bcd))
            return false;
        account = new AccountNumber(bcd);
        return true;
    }

    /// <summary>True when every nibble of <paramref name="bcd"/> is 0-9.</summary>
    public static bool IsBcd(ulong bcd)
    {
        for (int i = 0; i < 16; i++, bcd >>= 4)
        {
            if ((bcd & 0xF) > 9)
                return false;
        }

        return true;
    }

    /// <summary>The next account number (BCD + 1); false after 9999999999999999.</summary>
    public bool TryIncrement(out AccountNumber next)
    {
        ulong value = Bcd;
        ulong result = 0;
        int shift = 0;
        bool carry = true;
        for (int i = 0; i < 16; i++, shift += 4)
        {
            ulong digit = (value >> shift) & 0xF;
            if (carry)
            {
                digit++;
                carry = digit == 10;
                if (carry)
                    digit = 0;
            }

            result |= digit << shift;
        }

        next = new AccountNumber(result);
        return !carry;
    }

    /// <summary>Writes the 8 packed BCD bytes.</summary>
    public void WriteTo(Span<byte> destination) => BinaryPrimitives.WriteUInt64BigEndian(destination, Bcd);

    /// <summary>Writes 16 ASCII digits (VALID_ACCOUNT's encoding).</summary>
    public void WriteAscii(Span<byte> destination)
    {
        for (int i = 0; i < 16; i++)
            destination[i] = (byte)('0' + ((Bcd >> ((15 - i) * 4)) & 0xF));
    }

    /// <summary>The 8 packed BCD bytes.</summary>
    public byte[] ToArray()
    {
        byte[] bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>The 16 digits.</summary>
    public override string ToString() => Bcd.ToString("X16", CultureInfo.InvariantCulture);
}
