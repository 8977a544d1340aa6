using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace CardOS.Applets.SecurityCard;

/// <summary>
/// PAYMENT-CERT = {ser#, spec, b, r}: the card's joint Schnorr signature on a payment (WO 98/25220, FIG. 7).
/// </summary>
/// <remarks>
/// Encoding, as the card answers it: ser# (4, big-endian), length of spec (1), spec, b (32), r (32, big-endian, r &lt; Q).
/// </remarks>
public sealed class PaymentCertificate
{
    /// <summary>Length of b (SHA-256).</summary>
    public const int ChallengeLength = 32;

    /// <summary>Length of r (the group's scalar length).</summary>
    public const int ResponseLength = 32;

    /// <summary>The shortest encoding.</summary>
    public const int MinLength = 4 + 1 + PaymentSpecification.MinLength + ChallengeLength + ResponseLength;

    /// <summary>The longest encoding.</summary>
    public const int MaxLength = 4 + 1 + PaymentSpecification.MaxLength + ChallengeLength + ResponseLength;

    private readonly byte[] _spec;
    private readonly byte[] _b;
    private readonly byte[] _r;

    /// <summary>Creates a certificate from its parts (copied).</summary>
    public PaymentCertificate(uint serialNumber, ReadOnlySpan<byte> spec, ReadOnlySpan<byte> b, ReadOnlySpan<byte> r)
    {
        if (spec.Length is < PaymentSpecification.MinLength or > PaymentSpecification.MaxLength)
            throw new ArgumentException($"spec has {PaymentSpecification.MinLength} to {PaymentSpecification.MaxLength} bytes.", nameof(spec));
        if (b.Length != ChallengeLength)
            throw new ArgumentException($"b has {ChallengeLength} bytes.", nameof(b));
        if (r.Length != ResponseLength)
            throw new ArgumentException($"r has {ResponseLength} bytes.", nameof(r));
        SerialNumber = serialNumber;
        _spec = spec.ToArray();
        _b = b.ToArray();
        _r = r.ToArray();
    }

    /// <summary>ser#: the payment's serial number under its CARD-CERT.</summary>
    public uint SerialNumber { get; }

    /// <summary>spec, as signed.</summary>
    public ReadOnlyMemory<byte> Spec => _spec;

    /// <summary>b = h(ser#, spec, a).</summary>
    public ReadOnlyMemory<byte> B => _b;

    /// <summary>r = (b (S_C + S_U) + w) mod Q.</summary>
    public ReadOnlyMemory<byte> R => _r;

    /// <summary>The decoded specification.</summary>
    public PaymentSpecification Specification => PaymentSpecification.Decode(_spec);

    /// <summary>The encoded length of a certificate over <paramref name="specLength"/> bytes of spec.</summary>
    public static int GetEncodedLength(int specLength) => 4 + 1 + specLength + ChallengeLength + ResponseLength;

    /// <summary>Decodes a certificate; never throws.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> encoded, [NotNullWhen(true)] out PaymentCertificate? certificate)
    {
        certificate = null;
        if (encoded.Length is < MinLength or > MaxLength)
            return false;
        int specLength = encoded[4];
        if (specLength is < PaymentSpecification.MinLength or > PaymentSpecification.MaxLength || encoded.Length != GetEncodedLength(specLength))
            return false;
        ReadOnlySpan<byte> rest = encoded[(5 + specLength)..];
        certificate = new PaymentCertificate(BinaryPrimitives.ReadUInt32BigEndian(encoded), encoded.Slice(5, specLength), rest[..ChallengeLength], rest[ChallengeLength..]);
        return true;
    }

    /// <summary>Decodes a certificate.</summary>
    /// <exception cref="FormatException">The bytes are not a PAYMENT-CERT.</exception>
    public static PaymentCertificate Decode(ReadOnlySpan<byte> encoded) =>
        TryDecode(encoded, out PaymentCertificate? certificate)
            ? certificate
            : throw new FormatException("The bytes are not a PAYMENT-CERT.");

    /// <summary>The encoding.</summary>
    public byte[] Encode()
    {
        var encoded = new byte[GetEncodedLength(_spec.Length)];
        BinaryPrimitives.WriteUInt32BigEndian(encoded, SerialNumber);
        encoded[4] = (byte)_spec.Length;
        _spec.CopyTo(encoded, 5);
        _b.CopyTo(encoded, 5 + _spec.Length);
        _r.CopyTo(encoded, 5 + _spec.Length + ChallengeLength);
        return encoded;
    }
}
