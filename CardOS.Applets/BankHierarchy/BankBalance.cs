using System.Buffers.Binary;
using System.Numerics;

namespace CardOS.Applets.BankHierarchy;

/// <summary>
/// The 24-byte BALANCE file: amount (4 bytes of 6 value bits and 2 check bits), currency, last-interest date,
/// daily interest rate, currency serial number and checksum (docs/applets/bank-hierarchy.md, BALANCE).
/// </summary>
public readonly record struct BankBalance(uint Amount, byte Currency, BankDate LastInterestDate, uint Rate, uint Serial, ulong Checksum)
{
    /// <summary>The file's size.</summary>
    public const int Size = 24;

    /// <summary>The largest amount a balance holds (24 value bits).</summary>
    public const uint MaxAmount = 0xFFFFFF;

    /// <summary>The largest daily rate a balance holds (3 bytes).</summary>
    public const uint MaxRate = 0xFFFFFF;

    /// <summary>Offset of the currency byte.</summary>
    internal const int CurrencyOffset = 4;

    /// <summary>Offset of the last-interest date.</summary>
    internal const int DateOffset = 5;

    /// <summary>Offset of the rate.</summary>
    internal const int RateOffset = 9;

    /// <summary>Offset of the currency serial number.</summary>
    internal const int SerialOffset = 12;

    /// <summary>Offset of the checksum.</summary>
    internal const int ChecksumOffset = 16;

    /// <summary>Reads the 24 bytes; false when the check bits or the date are invalid (the checksum needs the CHECK_KEY and is not verified here).</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out BankBalance balance)
    {
        balance = default;
        if (source.Length < Size || !TryDecodeAmount(source, out uint amount) || !BankDate.TryRead(source[DateOffset..], out BankDate date))
            return false;
        balance = new BankBalance(
            amount,
            source[CurrencyOffset],
            date,
            ReadUInt24(source[RateOffset..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[SerialOffset..]),
            BinaryPrimitives.ReadUInt64BigEndian(source[ChecksumOffset..]));
        return true;
    }

    /// <summary>Encodes a 24-bit amount as 4 bytes of 6 value bits (most significant first) and 2 check bits each.</summary>
    public static void EncodeAmount(uint amount, Span<byte> destination)
    {
        if (amount > MaxAmount)
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "A balance holds at most FFFFFF.");
        for (int i = 0; i < 4; i++)
        {
            int bits = (int)(amount >> (18 - (6 * i))) & 0x3F;
            destination[i] = (byte)((bits << 2) | (BitOperations.PopCount((uint)bits) & 3));
        }
    }

    /// <summary>Decodes the 4 amount bytes; false when any byte's check bits are wrong.</summary>
    public static bool TryDecodeAmount(ReadOnlySpan<byte> source, out uint amount)
    {
        amount = 0;
        for (int i = 0; i < 4; i++)
        {
            int bits = source[i] >> 2;
            if ((source[i] & 3) != (BitOperations.PopCount((uint)bits) & 3))
                return false;
            amount = (amount << 6) | (uint)bits;
        }

        return true;
    }

    /// <summary>Writes the first 16 bytes (everything but the checksum).</summary>
    public void WriteBody(Span<byte> destination)
    {
        EncodeAmount(Amount, destination);
        destination[CurrencyOffset] = Currency;
        LastInterestDate.WriteTo(destination[DateOffset..]);
        WriteUInt24(destination[RateOffset..], Rate);
        BinaryPrimitives.WriteUInt32BigEndian(destination[SerialOffset..], Serial);
    }

    /// <summary>Writes all 24 bytes with <see cref="Checksum"/> as it is.</summary>
    public void WriteTo(Span<byte> destination)
    {
        WriteBody(destination);
        BinaryPrimitives.WriteUInt64BigEndian(destination[ChecksumOffset..], Checksum);
    }

    internal static uint ReadUInt24(ReadOnlySpan<byte> source) => (uint)((source[0] << 16) | (source[1] << 8) | source[2]);

    internal static void WriteUInt24(Span<byte> destination, uint value)
    {
        destination[0] = (byte)(value >> 16);
        destination[1] = (byte)(value >> 8);
        destination[2] = (byte)value;
    }
}
