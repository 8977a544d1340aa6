using System.Buffers.Binary;

namespace CardOS.Applets.BankHierarchy;

/// <summary>
/// What a terminal asks the admin card to issue (ISSUE CARD data; docs/applets/bank-hierarchy.md, "Issue request").
/// The admin card adds the account number, keys and everything system-wide.
/// </summary>
public sealed record IssueRequest
{
    /// <summary>The new card's role (not admin).</summary>
    public required BankRole Role { get; init; }

    /// <summary>The currency code.</summary>
    public byte Currency { get; init; } = 1;

    /// <summary>Bad key attempts before the card locks.</summary>
    public byte BadKeyLimit { get; init; } = 10;

    /// <summary>The public name, 8 printable ASCII bytes.</summary>
    public required byte[] PublicName { get; init; }

    /// <summary>Amount above which paying needs the PIN.</summary>
    public uint MinTrans { get; init; }

    /// <summary>Amount above which paying needs the holder key.</summary>
    public uint MaxTrans { get; init; }

    /// <summary>The PIN, 1-8 bytes.</summary>
    public required byte[] Pin { get; init; }

    /// <summary>The holder key, 0-16 bytes.</summary>
    public byte[] HolderKey { get; init; } = [];

    /// <summary>The blank card's GET CHALLENGE answer.</summary>
    public required byte[] Challenge { get; init; }

    /// <summary>Bank cards: lowest account served.</summary>
    public AccountNumber ValidLow { get; init; }

    /// <summary>Bank cards: highest account served.</summary>
    public AccountNumber ValidHigh { get; init; } = new(0x9999999999999999);

    /// <summary>Bank cards: the daily rate paid to the level below.</summary>
    public uint Interest { get; init; }

    /// <summary>Center: the creation key (16 bytes).</summary>
    public byte[]? CreationKey { get; init; }

    /// <summary>The request's length for <paramref name="role"/>: 53 (user), 89 (branch, region), 105 (center); 0 for any other.</summary>
    public static int GetLength(BankRole role) => role switch
    {
        BankRole.Consumer or BankRole.Merchant => 53,
        BankRole.Branch or BankRole.Region => 89,
        BankRole.Center => 105,
        _ => 0,
    };

    /// <summary>Encodes the request.</summary>
    public byte[] Encode()
    {
        int length = GetLength(Role);
        if (length == 0)
            throw new ArgumentException("An admin card issues user, branch, region and center cards.");
        byte[] bytes = new byte[length];
        Span<byte> span = bytes;
        span[0] = (byte)Role;
        span[1] = Currency;
        span[2] = BadKeyLimit;
        PublicName.CopyTo(span[4..]);
        BankBalance.WriteUInt24(span[12..], MinTrans);
        BinaryPrimitives.WriteUInt32BigEndian(span[15..], MaxTrans);
        span[19] = (byte)Pin.Length;
        Pin.CopyTo(span[20..]);
        span[28] = (byte)HolderKey.Length;
        HolderKey.CopyTo(span[29..]);
        Challenge.CopyTo(span[45..]);
        if (BankRoles.IsBank(Role))
        {
            ValidLow.WriteAscii(span[53..]);
            ValidHigh.WriteAscii(span[69..]);
            BinaryPrimitives.WriteUInt32BigEndian(span[85..], Interest);
        }

        CreationKey?.CopyTo(span[89..]);
        return bytes;
    }

    /// <summary>Decodes a request; false for a wrong length or a field out of range.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out IssueRequest? request)
    {
        request = null;
        if (bytes.Length == 0 || bytes.Length != GetLength((BankRole)bytes[0]))
            return false;
        var role = (BankRole)bytes[0];
        int pinLength = bytes[19];
        int holderKeyLength = bytes[28];
        if (bytes[2] == 0 || bytes[3] != 0 || pinLength is < 1 or > 8 || holderKeyLength > 16 || !PersonalisationRecord.IsPrintableName(bytes.Slice(4, 8)))
            return false;
        AccountNumber low = default;
        AccountNumber high = default;
        uint interest = 0;
        if (BankRoles.IsBank(role))
        {
            interest = BinaryPrimitives.ReadUInt32BigEndian(bytes[85..]);
            if (!AccountNumber.TryReadAscii(bytes.Slice(53, 16), out low) || !AccountNumber.TryReadAscii(bytes.Slice(69, 16), out high)
                || low.Bcd > high.Bcd || interest > BankBalance.MaxRate)
            {
                return false;
            }
        }

        request = new IssueRequest
        {
            Role = role,
            Currency = bytes[1],
            BadKeyLimit = bytes[2],
            PublicName = bytes.Slice(4, 8).ToArray(),
            MinTrans = BankBalance.ReadUInt24(bytes[12..]),
            MaxTrans = BinaryPrimitives.ReadUInt32BigEndian(bytes[15..]),
            Pin = bytes.Slice(20, pinLength).ToArray(),
            HolderKey = bytes.Slice(29, holderKeyLength).ToArray(),
            Challenge = bytes.Slice(45, 8).ToArray(),
            ValidLow = low,
            ValidHigh = high,
            Interest = interest,
            CreationKey = role == BankRole.Center ? bytes.Slice(89, 16).ToArray() : null,
        };
        return true;
    }
}
