namespace CardOS.Applets.Purse;

/// <summary>Dates on the purse: 4 bytes of packed BCD, YYYYMMDD; they compare as big-endian byte strings.</summary>
public static class BcdDate
{
    /// <summary>The encoded length.</summary>
    public const int Length = 4;

    /// <summary>True for 4 BCD bytes with month 01-12 and day 01-31.</summary>
    public static bool IsValid(ReadOnlySpan<byte> date)
    {
        if (date.Length != Length)
            return false;
        foreach (byte b in date)
        {
            if ((b >> 4) > 9 || (b & 0x0F) > 9)
                return false;
        }

        return date[2] is >= 0x01 and <= 0x12 && date[3] is >= 0x01 and <= 0x31;
    }

    /// <summary>True when <paramref name="date"/> lies after <paramref name="expiry"/> (the card has expired on that date).</summary>
    public static bool IsAfter(ReadOnlySpan<byte> date, ReadOnlySpan<byte> expiry) => date.SequenceCompareTo(expiry) > 0;

    /// <summary>Encodes a calendar date.</summary>
    public static byte[] From(DateOnly date)
    {
        static byte Bcd(int value) => (byte)(((value / 10) << 4) | (value % 10));
        return [Bcd(date.Year / 100), Bcd(date.Year % 100), Bcd(date.Month), Bcd(date.Day)];
    }
}
