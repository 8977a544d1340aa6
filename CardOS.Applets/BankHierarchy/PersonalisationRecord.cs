using System.Buffers.Binary;

namespace CardOS.Applets.BankHierarchy;

/// <summary>
/// Everything PERSONALISE writes to a blank card: the plaintext the admin card (or an issuing host) wraps under the
/// transport key. docs/applets/bank-hierarchy.md, "Personalisation record", gives the byte layout.
/// </summary>
public sealed record PersonalisationRecord
{
    /// <summary>Offset of the application keys; they are followed by CHECK_KEY and the role's extra fields.</summary>
    internal const int KeysOffset = 140;

    /// <summary>The card's role.</summary>
    public required BankRole Role { get; init; }

    /// <summary>The crypto profile (sets the key sizes).</summary>
    public required CryptoProfile Profile { get; init; }

    /// <summary>The currency code.</summary>
    public byte Currency { get; init; } = 1;

    /// <summary>Bad key attempts before the card locks (1-255).</summary>
    public byte BadKeyLimit { get; init; } = 10;

    /// <summary>The account number.</summary>
    public required AccountNumber Account { get; init; }

    /// <summary>The public name, 8 printable ASCII bytes.</summary>
    public required byte[] PublicName { get; init; }

    /// <summary>The system's 7-byte application number.</summary>
    public required byte[] ApplicationNumber { get; init; }

    /// <summary>Amount above which paying needs the PIN (24 bits).</summary>
    public uint MinTrans { get; init; }

    /// <summary>Amount above which paying needs the holder key.</summary>
    public uint MaxTrans { get; init; }

    /// <summary>The PIN, 1-8 bytes.</summary>
    public required byte[] Pin { get; init; }

    /// <summary>The holder key, 0-16 bytes (empty: none, amounts above MAX_TRANS can then never be paid).</summary>
    public byte[] HolderKey { get; init; } = [];

    /// <summary>The number of APPKEY0.</summary>
    public byte KeyNumber { get; init; }

    /// <summary>KEY_INFO's date, also the BALANCE's last-interest date.</summary>
    public required BankDate KeyDate { get; init; }

    /// <summary>The BALANCE's daily interest rate (10⁻⁹ per day).</summary>
    public uint Rate { get; init; }

    /// <summary>RANDOM_NUMBER's first seed (8 bytes, different on every card).</summary>
    public required byte[] RandomSeed { get; init; }

    /// <summary>The security lock's close key (32 bytes, HMAC-SHA256(close master, "KCLS" ‖ account)).</summary>
    public required byte[] LockCloseKey { get; init; }

    /// <summary>The security lock's open key (32 bytes, HMAC-SHA256(open master, "KOPN" ‖ account)).</summary>
    public required byte[] LockOpenKey { get; init; }

    /// <summary>APPKEY0-APPKEY3, 8 (DES) or 16 (AES) bytes each.</summary>
    public required IReadOnlyList<byte[]> AppKeys { get; init; }

    /// <summary>The CHECK_KEY, 8 or 16 bytes.</summary>
    public required byte[] CheckKey { get; init; }

    /// <summary>Bank cards: VALID_ACCOUNT's lowest account.</summary>
    public AccountNumber ValidLow { get; init; }

    /// <summary>Bank cards: VALID_ACCOUNT's highest account.</summary>
    public AccountNumber ValidHigh { get; init; } = new(0x9999999999999999);

    /// <summary>Bank cards: the daily rate paid to the level below.</summary>
    public uint Interest { get; init; }

    /// <summary>Center: the creation key (16 bytes).</summary>
    public byte[]? CreationKey { get; init; }

    /// <summary>Admin: the close-lock master key (32 bytes) it diversifies for every card it issues.</summary>
    public byte[]? LockCloseMasterKey { get; init; }

    /// <summary>Admin: the open-lock master key (32 bytes).</summary>
    public byte[]? LockOpenMasterKey { get; init; }

    /// <summary>Admin: the next account number to issue.</summary>
    public AccountNumber IssueNext { get; init; }

    /// <summary>Admin: the last account number to issue.</summary>
    public AccountNumber IssueLast { get; init; }

    /// <summary>The encoded length of a record for <paramref name="role"/> and <paramref name="profile"/>; 0 for a role no record is made for.</summary>
    public static int GetLength(BankRole role, CryptoProfile profile)
    {
        int keySize = BankCrypto.KeySizeOf(profile);
        int common = KeysOffset + (5 * keySize);
        return role switch
        {
            BankRole.Consumer or BankRole.Merchant => common,
            BankRole.Branch or BankRole.Region => common + 36,
            BankRole.Center => common + 36 + 16,
            BankRole.Admin => common + 16 + 64,
            _ => 0,
        };
    }

    /// <summary>Encodes the record.</summary>
    /// <exception cref="ArgumentException">A field has the wrong size or is out of range.</exception>
    public byte[] Encode()
    {
        Validate();
        int keySize = BankCrypto.KeySizeOf(Profile);
        byte[] bytes = new byte[GetLength(Role, Profile)];
        Span<byte> span = bytes;
        span[0] = (byte)Role;
        span[1] = (byte)Profile;
        span[2] = Currency;
        span[3] = BadKeyLimit;
        Account.WriteTo(span[4..]);
        PublicName.CopyTo(span[12..]);
        ApplicationNumber.CopyTo(span[20..]);
        BankBalance.WriteUInt24(span[27..], MinTrans);
        BinaryPrimitives.WriteUInt32BigEndian(span[30..], MaxTrans);
        span[34] = (byte)Pin.Length;
        Pin.CopyTo(span[35..]);
        span[43] = (byte)HolderKey.Length;
        HolderKey.CopyTo(span[44..]);
        span[60] = KeyNumber;
        KeyDate.WriteTo(span[61..]);
        BankBalance.WriteUInt24(span[65..], Rate);
        RandomSeed.CopyTo(span[68..]);
        LockCloseKey.CopyTo(span[76..]);
        LockOpenKey.CopyTo(span[108..]);
        int offset = KeysOffset;
        foreach (byte[] key in AppKeys)
        {
            key.CopyTo(span[offset..]);
            offset += keySize;
        }

        CheckKey.CopyTo(span[offset..]);
        offset += keySize;
        if (BankRoles.IsBank(Role))
        {
            ValidLow.WriteAscii(span[offset..]);
            ValidHigh.WriteAscii(span[(offset + 16)..]);
            BinaryPrimitives.WriteUInt32BigEndian(span[(offset + 32)..], Interest);
            offset += 36;
        }

        if (Role == BankRole.Center)
            CreationKey!.CopyTo(span[offset..]);
        if (Role == BankRole.Admin)
        {
            IssueNext.WriteTo(span[offset..]);
            IssueLast.WriteTo(span[(offset + 8)..]);
            LockCloseMasterKey!.CopyTo(span[(offset + 16)..]);
            LockOpenMasterKey!.CopyTo(span[(offset + 48)..]);
        }

        return bytes;
    }

    /// <summary>Decodes a record; false for a wrong length or any field out of range.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out PersonalisationRecord? record)
    {
        record = null;
        if (bytes.Length < KeysOffset)
            return false;
        var role = (BankRole)bytes[0];
        var profile = (CryptoProfile)bytes[1];
        if (profile is not (CryptoProfile.Des or CryptoProfile.Aes) || GetLength(role, profile) == 0 || bytes.Length != GetLength(role, profile))
            return false;
        if (!AccountNumber.TryRead(bytes[4..], out AccountNumber account) || !BankDate.TryRead(bytes[61..], out BankDate keyDate))
            return false;
        int pinLength = bytes[34];
        int holderKeyLength = bytes[43];
        if (pinLength is < 1 or > 8 || holderKeyLength > 16)
            return false;

        int keySize = BankCrypto.KeySizeOf(profile);
        var keys = new byte[4][];
        int offset = KeysOffset;
        for (int i = 0; i < 4; i++, offset += keySize)
            keys[i] = bytes.Slice(offset, keySize).ToArray();
        byte[] checkKey = bytes.Slice(offset, keySize).ToArray();
        offset += keySize;

        AccountNumber low = default;
        AccountNumber high = default;
        uint interest = 0;
        if (BankRoles.IsBank(role))
        {
            if (!AccountNumber.TryReadAscii(bytes.Slice(offset, 16), out low) || !AccountNumber.TryReadAscii(bytes.Slice(offset + 16, 16), out high))
                return false;
            interest = BinaryPrimitives.ReadUInt32BigEndian(bytes[(offset + 32)..]);
            offset += 36;
        }

        byte[]? creationKey = role == BankRole.Center ? bytes.Slice(offset, 16).ToArray() : null;
        AccountNumber next = default;
        AccountNumber last = default;
        if (role == BankRole.Admin && (!AccountNumber.TryRead(bytes[offset..], out next) || !AccountNumber.TryRead(bytes[(offset + 8)..], out last)))
            return false;

        var candidate = new PersonalisationRecord
        {
            Role = role,
            Profile = profile,
            Currency = bytes[2],
            BadKeyLimit = bytes[3],
            Account = account,
            PublicName = bytes.Slice(12, 8).ToArray(),
            ApplicationNumber = bytes.Slice(20, 7).ToArray(),
            MinTrans = BankBalance.ReadUInt24(bytes[27..]),
            MaxTrans = BinaryPrimitives.ReadUInt32BigEndian(bytes[30..]),
            Pin = bytes.Slice(35, pinLength).ToArray(),
            HolderKey = bytes.Slice(44, holderKeyLength).ToArray(),
            KeyNumber = bytes[60],
            KeyDate = keyDate,
            Rate = BankBalance.ReadUInt24(bytes[65..]),
            RandomSeed = bytes.Slice(68, 8).ToArray(),
            LockCloseKey = bytes.Slice(76, 32).ToArray(),
            LockOpenKey = bytes.Slice(108, 32).ToArray(),
            AppKeys = keys,
            CheckKey = checkKey,
            ValidLow = low,
            ValidHigh = high,
            Interest = interest,
            CreationKey = creationKey,
            IssueNext = next,
            IssueLast = last,
            LockCloseMasterKey = role == BankRole.Admin ? bytes.Slice(offset + 16, 32).ToArray() : null,
            LockOpenMasterKey = role == BankRole.Admin ? bytes.Slice(offset + 48, 32).ToArray() : null,
        };
        if (!candidate.IsValid(out _))
            return false;
        record = candidate;
        return true;
    }

    /// <summary>True when a public name is 8 printable ASCII bytes (20-7E).</summary>
    public static bool IsPrintableName(ReadOnlySpan<byte> name)
    {
        if (name.Length != 8)
            return false;
        foreach (byte b in name)
        {
            if (b is < 0x20 or > 0x7E)
                return false;
        }

        return true;
    }

    /// <summary>An 8-byte public name from text: ASCII, padded with spaces.</summary>
    /// <exception cref="ArgumentException">Longer than 8 characters or not printable ASCII.</exception>
    public static byte[] Name(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 8)
            throw new ArgumentException("A public name has at most 8 characters.", nameof(text));
        byte[] name = new byte[8];
        name.AsSpan().Fill((byte)' ');
        for (int i = 0; i < text.Length; i++)
            name[i] = (byte)text[i];
        if (!IsPrintableName(name))
            throw new ArgumentException("A public name is printable ASCII.", nameof(text));
        return name;
    }

    private void Validate()
    {
        if (!IsValid(out string? problem))
            throw new ArgumentException(problem);
    }

    private bool IsValid(out string? problem)
    {
        int keySize = BankCrypto.KeySizeOf(Profile);
        problem = null;
        if (Profile is not (CryptoProfile.Des or CryptoProfile.Aes) || GetLength(Role, Profile) == 0)
            problem = "Unknown role or profile.";
        else if (BadKeyLimit == 0)
            problem = "The BAD_KEY limit is 1-255.";
        else if (!AccountNumber.IsBcd(Account.Bcd))
            problem = "The account number is not BCD.";
        else if (PublicName is null || !IsPrintableName(PublicName))
            problem = "The public name is 8 printable ASCII bytes.";
        else if (ApplicationNumber is not { Length: 7 })
            problem = "The application number has 7 bytes.";
        else if (MinTrans > BankBalance.MaxAmount)
            problem = "MIN_TRANS has 3 bytes.";
        else if (Pin is not { Length: >= 1 and <= 8 } || HolderKey is not { Length: <= 16 })
            problem = "The PIN has 1-8 bytes, the holder key 0-16.";
        else if (Rate > BankBalance.MaxRate || Interest > BankBalance.MaxRate)
            problem = "Rates have 3 bytes.";
        else if (RandomSeed is not { Length: 8 } || LockCloseKey is not { Length: 32 } || LockOpenKey is not { Length: 32 })
            problem = "The seed has 8 bytes and the lock keys 32.";
        else if (AppKeys is not { Count: 4 } || AppKeys.Any(k => k is null || k.Length != keySize) || CheckKey is null || CheckKey.Length != keySize)
            problem = $"The four application keys and CHECK_KEY have {keySize} bytes each.";
        else if (BankRoles.IsBank(Role) && ValidLow.Bcd > ValidHigh.Bcd)
            problem = "VALID_ACCOUNT's lowest account is above its highest.";
        else if (Role == BankRole.Center && CreationKey is not { Length: 16 })
            problem = "A center card needs a 16-byte creation key.";
        else if (Role == BankRole.Admin && (!AccountNumber.IsBcd(IssueNext.Bcd) || !AccountNumber.IsBcd(IssueLast.Bcd)))
            problem = "ISSUE_RANGE holds BCD account numbers.";
        else if (Role == BankRole.Admin && (LockCloseMasterKey is not { Length: 32 } || LockOpenMasterKey is not { Length: 32 }))
            problem = "An admin card needs the two 32-byte lock master keys.";
        return problem is null;
    }
}
