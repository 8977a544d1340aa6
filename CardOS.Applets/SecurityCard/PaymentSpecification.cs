using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace CardOS.Applets.SecurityCard;

/// <summary>
/// The payment specification <c>spec</c> the service provider shows the user and the card signs
/// (WO 98/25220: time, date and amount of the payment, and the identity of the service provider).
/// </summary>
/// <remarks>
/// Encoding (all integers big-endian): amount (4, in the card's currency's minor unit), currency (2, ISO 4217 numeric),
/// service provider S_id (8), time (4, seconds since 1970-01-01 UTC), details (0 to <see cref="MaxDetailsLength"/> bytes,
/// free form: the terminal's reference, a purchase description).
/// </remarks>
public sealed class PaymentSpecification
{
    /// <summary>Length of the fixed part.</summary>
    public const int FixedLength = 4 + 2 + 8 + 4;

    /// <summary>The longest details field.</summary>
    public const int MaxDetailsLength = 110;

    /// <summary>The shortest encoding.</summary>
    public const int MinLength = FixedLength;

    /// <summary>The longest encoding.</summary>
    public const int MaxLength = FixedLength + MaxDetailsLength;

    private readonly byte[] _details;

    /// <summary>Creates a specification.</summary>
    public PaymentSpecification(uint amount, ushort currency, ulong providerId, DateTimeOffset time, ReadOnlySpan<byte> details = default)
    {
        if (details.Length > MaxDetailsLength)
            throw new ArgumentException($"The details hold at most {MaxDetailsLength} bytes.", nameof(details));
        long seconds = time.ToUnixTimeSeconds();
        if (seconds is < 0 or > uint.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(time), time, "The time is encoded as unsigned 32-bit seconds since 1970.");
        Amount = amount;
        Currency = currency;
        ProviderId = providerId;
        Time = DateTimeOffset.FromUnixTimeSeconds(seconds);
        _details = details.ToArray();
    }

    /// <summary>The amount in the currency's minor unit.</summary>
    public uint Amount { get; }

    /// <summary>ISO 4217 numeric currency code (978 for EUR).</summary>
    public ushort Currency { get; }

    /// <summary>The service provider's identity S_id.</summary>
    public ulong ProviderId { get; }

    /// <summary>The time of the payment, to the second.</summary>
    public DateTimeOffset Time { get; }

    /// <summary>Free-form details.</summary>
    public ReadOnlyMemory<byte> Details => _details;

    /// <summary>Reads the amount from an encoded specification without decoding the rest (the card does this).</summary>
    public static uint ReadAmount(ReadOnlySpan<byte> encoded) => BinaryPrimitives.ReadUInt32BigEndian(encoded);

    /// <summary>Reads the currency from an encoded specification.</summary>
    public static ushort ReadCurrency(ReadOnlySpan<byte> encoded) => BinaryPrimitives.ReadUInt16BigEndian(encoded[4..]);

    /// <summary>Decodes a specification; never throws.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> encoded, [NotNullWhen(true)] out PaymentSpecification? specification)
    {
        specification = null;
        if (encoded.Length is < MinLength or > MaxLength)
            return false;
        specification = new PaymentSpecification(
            ReadAmount(encoded),
            ReadCurrency(encoded),
            BinaryPrimitives.ReadUInt64BigEndian(encoded[6..]),
            DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadUInt32BigEndian(encoded[14..])),
            encoded[FixedLength..]);
        return true;
    }

    /// <summary>Decodes a specification.</summary>
    /// <exception cref="FormatException">The bytes are not a specification.</exception>
    public static PaymentSpecification Decode(ReadOnlySpan<byte> encoded) =>
        TryDecode(encoded, out PaymentSpecification? specification)
            ? specification
            : throw new FormatException($"A payment specification has {MinLength} to {MaxLength} bytes; got {encoded.Length}.");

    /// <summary>The encoding the card signs.</summary>
    public byte[] Encode()
    {
        var encoded = new byte[FixedLength + _details.Length];
        BinaryPrimitives.WriteUInt32BigEndian(encoded, Amount);
        BinaryPrimitives.WriteUInt16BigEndian(encoded.AsSpan(4), Currency);
        BinaryPrimitives.WriteUInt64BigEndian(encoded.AsSpan(6), ProviderId);
        BinaryPrimitives.WriteUInt32BigEndian(encoded.AsSpan(14), (uint)Time.ToUnixTimeSeconds());
        _details.CopyTo(encoded, FixedLength);
        return encoded;
    }
}
