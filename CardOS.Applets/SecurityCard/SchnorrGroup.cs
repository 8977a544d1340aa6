using System.Globalization;
using System.Numerics;

namespace CardOS.Applets.SecurityCard;

/// <summary>
/// Public Schnorr group parameters: a prime P, a prime Q dividing P - 1, and a generator G of the subgroup of order Q
/// (WO 98/25220, "the bank chooses two prime numbers Q and P such that Q divides P - 1"). Immutable.
/// </summary>
public sealed class SchnorrGroup
{
    // RFC 5114 2.3, "2048-bit MODP Group with 256-bit Prime Order Subgroup": a published group, so nobody has to
    // trust parameters this project generated. The tests check that P and Q are prime, Q divides P - 1 and G^Q = 1.
    private const string Rfc5114P =
        "87A8E61DB4B6663CFFBBD19C651959998CEEF608660DD0F25D2CEED4435E3B00E00DF8F1D61957D4FAF7DF4561B2AA30"
        + "16C3D91134096FAA3BF4296D830E9A7C209E0C6497517ABD5A8A9D306BCF67ED91F9E6725B4758C022E0B1EF4275BF7B"
        + "6C5BFC11D45F9088B941F54EB1E59BB8BC39A0BF12307F5C4FDB70C581B23F76B63ACAE1CAA6B7902D52526735488A0E"
        + "F13C6D9A51BFA4AB3AD8347796524D8EF6A167B5A41825D967E144E5140564251CCACB83E6B486F6B3CA3F7971506026"
        + "C0B857F689962856DED4010ABD0BE621C3A3960A54E710C375F26375D7014103A4B54330C198AF126116D2276E11715F"
        + "693877FAD7EF09CADB094AE91E1A1597";

    private const string Rfc5114G =
        "3FB32C9B73134D0B2E77506660EDBD484CA7B18F21EF205407F4793A1A0BA12510DBC15077BE463FFF4FED4AAC0BB555"
        + "BE3A6C1B0C6B47B1BC3773BF7E8C6F62901228F8C28CBB18A55AE31341000A650196F931C77A57F2DDF463E5E9EC144B"
        + "777DE62AAAB8A8628AC376D282D6ED3864E67982428EBC831D14348F6F2F9193B5045AF2767164E1DFC967C1FB3F2E55"
        + "A4BD1BFFE83B9C80D052B985D182EA0ADB2A3B7313D3FE14C8484B1E052588B9B7D2BBD2DF016199ECD06E1557CD0915"
        + "B3353BBB64E0EC377FD028370DF92B52C7891428CDC67EB6184B523D1DB246C32F63078490F00EF8D647D148D4795451"
        + "5E2327CFEF98C582664B4C0F6CC41659";

    private const string Rfc5114Q = "8CF83642A709A097B447997640129DA299B1A47D1EB3750BA308B0FE64F5FBD3";

    /// <summary>Creates a group from its parameters (not validated: use <see cref="IsElement"/> and the tests for that).</summary>
    public SchnorrGroup(BigInteger p, BigInteger q, BigInteger g)
    {
        if (p.Sign <= 0 || q.Sign <= 0 || g.Sign <= 0)
            throw new ArgumentException("P, Q and G are positive.");
        P = p;
        Q = q;
        G = g;
        ElementLength = (int)((p.GetBitLength() + 7) / 8);
        ScalarLength = (int)((q.GetBitLength() + 7) / 8);
    }

    /// <summary>RFC 5114 2.3: 2048-bit P, 256-bit Q. The group every CardOS security card uses.</summary>
    public static SchnorrGroup Rfc5114Modp2048Q256 { get; } = new(ParseHex(Rfc5114P), ParseHex(Rfc5114Q), ParseHex(Rfc5114G));

    /// <summary>The modulus P.</summary>
    public BigInteger P { get; }

    /// <summary>The subgroup order Q (prime, divides P - 1).</summary>
    public BigInteger Q { get; }

    /// <summary>The generator G of the subgroup of order Q.</summary>
    public BigInteger G { get; }

    /// <summary>Bytes of a group element in its fixed big-endian encoding (256 for a 2048-bit P).</summary>
    public int ElementLength { get; }

    /// <summary>Bytes of an exponent in its fixed big-endian encoding (32 for a 256-bit Q).</summary>
    public int ScalarLength { get; }

    /// <summary>True when <paramref name="y"/> lies in the subgroup: 1 &lt; y &lt; P and y^Q = 1 mod P.</summary>
    public bool IsElement(BigInteger y) => y > BigInteger.One && y < P && BigInteger.ModPow(y, Q, P).IsOne;

    /// <summary>The public key of secret <paramref name="secret"/>: G^-secret mod P, computed as G^(Q - secret) (G has order Q).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The secret is not in [1, Q - 1].</exception>
    public BigInteger PublicKey(BigInteger secret)
    {
        if (secret <= BigInteger.Zero || secret >= Q)
            throw new ArgumentOutOfRangeException(nameof(secret), "A secret lies in [1, Q - 1].");
        return BigInteger.ModPow(G, Q - secret, P);
    }

    /// <summary>Reads an unsigned big-endian number.</summary>
    public static BigInteger ReadUnsigned(ReadOnlySpan<byte> bytes) => new(bytes, isUnsigned: true, isBigEndian: true);

    /// <summary>Writes <paramref name="value"/> unsigned big-endian into all of <paramref name="destination"/>, left-padded with zeros.</summary>
    /// <exception cref="ArgumentException">The value is negative or does not fit.</exception>
    public static void WriteUnsigned(BigInteger value, Span<byte> destination)
    {
        if (value.Sign < 0)
            throw new ArgumentException("Only non-negative numbers have an unsigned encoding.", nameof(value));
        int length = value.GetByteCount(isUnsigned: true);
        if (length > destination.Length)
            throw new ArgumentException($"The number needs {length} bytes; the destination has {destination.Length}.", nameof(destination));
        destination.Clear();
        if (!value.IsZero)
            value.TryWriteBytes(destination[(destination.Length - length)..], out _, isUnsigned: true, isBigEndian: true);
    }

    /// <summary>The fixed-length big-endian encoding of an element or exponent.</summary>
    public static byte[] ToFixedBytes(BigInteger value, int length)
    {
        var bytes = new byte[length];
        WriteUnsigned(value, bytes);
        return bytes;
    }

    private static BigInteger ParseHex(string hex) => BigInteger.Parse("0" + hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
