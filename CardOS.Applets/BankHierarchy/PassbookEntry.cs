using System.Buffers.Binary;

namespace CardOS.Applets.BankHierarchy;

/// <summary>One 36-byte PASSBOOK record (docs/applets/bank-hierarchy.md, PASSBOOK record).</summary>
/// <param name="OtherAccount">The other party's account (zero for money creation).</param>
/// <param name="OtherName">The other party's 8-byte public name (zero for money creation).</param>
/// <param name="Session">The session id, R1 XOR R2 (the challenge for money creation).</param>
/// <param name="Date">The card's KEY_INFO date, MMDDYYYY packed BCD as stored (may be zero).</param>
/// <param name="Type">Paid, received, interest paid or received, invalidated, created.</param>
/// <param name="Amount">The amount (24 bits).</param>
/// <param name="NewBalance">The card's balance after the transaction.</param>
public readonly record struct PassbookEntry(AccountNumber OtherAccount, ulong OtherName, ulong Session, uint Date, PassbookEntryType Type, uint Amount, uint NewBalance)
{
    /// <summary>The record size.</summary>
    public const int Size = 36;

    /// <summary>The records the PASSBOOK ring holds.</summary>
    public const int Capacity = 50;

    /// <summary>Reads a record; false if it is shorter than 36 bytes or its type is unknown.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out PassbookEntry entry)
    {
        entry = default;
        if (source.Length < Size || !Enum.IsDefined((PassbookEntryType)source[28]))
            return false;
        entry = new PassbookEntry(
            new AccountNumber(BinaryPrimitives.ReadUInt64BigEndian(source)),
            BinaryPrimitives.ReadUInt64BigEndian(source[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(source[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[24..]),
            (PassbookEntryType)source[28],
            BankBalance.ReadUInt24(source[29..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[32..]));
        return true;
    }

    /// <summary>Reads a record.</summary>
    /// <exception cref="FormatException">Not a PASSBOOK record.</exception>
    public static PassbookEntry Read(ReadOnlySpan<byte> source) =>
        TryRead(source, out PassbookEntry entry) ? entry : throw new FormatException("Not a PASSBOOK record.");

    /// <summary>The other party's public name as text.</summary>
    public string OtherNameText
    {
        get
        {
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(bytes, OtherName);
            return System.Text.Encoding.ASCII.GetString(bytes).TrimEnd(' ', '\0');
        }
    }

    /// <summary>Writes the 36 bytes.</summary>
    public void WriteTo(Span<byte> destination)
    {
        OtherAccount.WriteTo(destination);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], OtherName);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], Session);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], Date);
        destination[28] = (byte)Type;
        BankBalance.WriteUInt24(destination[29..], Amount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[32..], NewBalance);
    }
}
