using System.Globalization;

namespace CardOS.Applets.BankHierarchy;

/// <summary>A date as the bank files store it: MMDDYYYY in 4 bytes of packed BCD.</summary>
/// <param name="Month">1-12.</param>
/// <param name="Day">1-31.</param>
/// <param name="Year">1-9999.</param>
public readonly record struct BankDate(int Month, int Day, int Year)
{
    /// <summary>The encoded size in bytes.</summary>
    public const int Size = 4;

    /// <summary>The date as a <see cref="DateOnly"/>.</summary>
    public DateOnly ToDateOnly() => new(Year, Month, Day);

    /// <summary>Days since 1 January 0001 (for interest: the difference of two dates).</summary>
    public int DayNumber => ToDateOnly().DayNumber;

    /// <summary>The date of <paramref name="date"/>.</summary>
    public static BankDate FromDateOnly(DateOnly date) => new(date.Month, date.Day, date.Year);

    /// <summary>Reads MMDDYYYY packed BCD; false unless it is a valid calendar date.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out BankDate date)
    {
        date = default;
        if (source.Length < Size)
            return false;
        if (!TryBcd(source[0], out int month) || !TryBcd(source[1], out int day) || !TryBcd(source[2], out int century) || !TryBcd(source[3], out int year))
            return false;
        year += century * 100;
        if (month is < 1 or > 12 || year < 1 || day < 1 || day > DateTime.DaysInMonth(year, month))
            return false;
        date = new BankDate(month, day, year);
        return true;
    }

    /// <summary>Parses "MMDDYYYY".</summary>
    /// <exception cref="FormatException">Not a valid date in that form.</exception>
    public static BankDate Parse(string mmddyyyy)
    {
        ArgumentNullException.ThrowIfNull(mmddyyyy);
        if (mmddyyyy.Length != 8 || !uint.TryParse(mmddyyyy, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            throw new FormatException($"A bank date is MMDDYYYY; got \"{mmddyyyy}\".");
        byte[] bytes = Convert.FromHexString(mmddyyyy);
        if (!TryRead(bytes, out BankDate date))
            throw new FormatException($"\"{mmddyyyy}\" is not a calendar date.");
        return date;
    }

    /// <summary>Writes MMDDYYYY packed BCD.</summary>
    public void WriteTo(Span<byte> destination)
    {
        destination[0] = ToBcd(Month);
        destination[1] = ToBcd(Day);
        destination[2] = ToBcd(Year / 100);
        destination[3] = ToBcd(Year % 100);
    }

    /// <summary>The 4 encoded bytes.</summary>
    public byte[] ToArray()
    {
        byte[] bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>"MMDDYYYY".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Month:D2}{Day:D2}{Year:D4}");

    private static bool TryBcd(byte value, out int number)
    {
        number = ((value >> 4) * 10) + (value & 0xF);
        return (value >> 4) <= 9 && (value & 0xF) <= 9;
    }

    private static byte ToBcd(int value) => (byte)(((value / 10) << 4) | (value % 10));
}
