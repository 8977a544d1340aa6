using System.Diagnostics.CodeAnalysis;

namespace CardOS.Apdu;

/// <summary>
/// An application identifier (ISO/IEC 7816-5): 5 to 16 bytes, a 5-byte registered application
/// provider identifier (RID) followed by up to 11 bytes of proprietary extension (PIX).
/// </summary>
public sealed class Aid : IEquatable<Aid>
{
    /// <summary>The shortest AID.</summary>
    public const int MinLength = 5;

    /// <summary>The longest AID.</summary>
    public const int MaxLength = 16;

    private readonly byte[] _bytes;

    /// <summary>Creates an AID; the bytes are copied.</summary>
    /// <exception cref="ArgumentException">Fewer than 5 or more than 16 bytes.</exception>
    public Aid(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length is < MinLength or > MaxLength)
            throw new ArgumentException($"An AID has {MinLength} to {MaxLength} bytes; got {bytes.Length}.", nameof(bytes));
        _bytes = bytes.ToArray();
    }

    /// <summary>The AID bytes.</summary>
    public ReadOnlySpan<byte> Span => _bytes;

    /// <summary>The length in bytes.</summary>
    public int Length => _bytes.Length;

    /// <summary>True when <paramref name="prefix"/> is this AID or its beginning (partial DF name match, ISO/IEC 7816-4 7.1.1).</summary>
    public bool StartsWith(ReadOnlySpan<byte> prefix) => _bytes.AsSpan().StartsWith(prefix);

    /// <summary>Parses hex digits, for example "A0000000041010".</summary>
    public static Aid Parse(string hex) => new(Hex.Decode(hex));

    /// <summary>Parses hex digits; never throws.</summary>
    public static bool TryParse(string? hex, [NotNullWhen(true)] out Aid? aid)
    {
        aid = null;
        if (hex is null)
            return false;
        try
        {
            byte[] bytes = Hex.Decode(hex);
            if (bytes.Length is < MinLength or > MaxLength)
                return false;
            aid = new Aid(bytes);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public bool Equals(Aid? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Aid);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    /// <summary>The AID in hex.</summary>
    public override string ToString() => Hex.Encode(_bytes);
}
