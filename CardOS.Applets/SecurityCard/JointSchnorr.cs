using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace CardOS.Applets.SecurityCard;

/// <summary>
/// The joint Schnorr signature of WO 98/25220 (FIG. 7): signing key (S_U + S_C) mod Q, public key P_C P_U mod P.
/// The card signs (see <see cref="SecurityCardApplet"/>); anyone verifies with <see cref="Verify(SchnorrGroup, PaymentCertificate, BigInteger, BigInteger)"/>.
/// </summary>
public static class JointSchnorr
{
    /// <summary>The longest input of h: ser#, spec length, spec, a.</summary>
    private const int MaxHashInput = 4 + 1 + PaymentSpecification.MaxLength + 256;

    /// <summary>
    /// b = h(ser#, spec, a) = SHA-256(ser# (4, big-endian) || length of spec (1) || spec || a (group element length, big-endian)).
    /// </summary>
    /// <param name="serialNumber">ser#.</param>
    /// <param name="spec">spec, <see cref="PaymentSpecification.MinLength"/> to <see cref="PaymentSpecification.MaxLength"/> bytes.</param>
    /// <param name="a">a = g^w mod P in its fixed-length encoding.</param>
    /// <param name="b">Receives the 32-byte b.</param>
    public static void ComputeChallenge(uint serialNumber, ReadOnlySpan<byte> spec, ReadOnlySpan<byte> a, Span<byte> b)
    {
        if (spec.Length > PaymentSpecification.MaxLength)
            throw new ArgumentException($"spec has at most {PaymentSpecification.MaxLength} bytes.", nameof(spec));
        if (a.Length > 256)
            throw new ArgumentException("a has at most 256 bytes.", nameof(a));
        Span<byte> input = stackalloc byte[MaxHashInput];
        BinaryPrimitives.WriteUInt32BigEndian(input, serialNumber);
        input[4] = (byte)spec.Length;
        spec.CopyTo(input[5..]);
        a.CopyTo(input[(5 + spec.Length)..]);
        SHA256.HashData(input[..(5 + spec.Length + a.Length)], b);
    }

    /// <summary>Verifies a PAYMENT-CERT against P_C and P_U: b == h(ser#, spec, g^r (P_C P_U mod P)^b mod P).</summary>
    public static bool Verify(SchnorrGroup group, PaymentCertificate certificate, BigInteger bankPublicKey, BigInteger userPublicKey)
    {
        ArgumentNullException.ThrowIfNull(group);
        return Verify(group, certificate, bankPublicKey * userPublicKey % group.P);
    }

    /// <summary>Verifies a PAYMENT-CERT against a single public key y (the joint key P_C P_U mod P, or anything else to show it fails).</summary>
    public static bool Verify(SchnorrGroup group, PaymentCertificate certificate, BigInteger publicKey)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(certificate);
        BigInteger r = SchnorrGroup.ReadUnsigned(certificate.R.Span);
        if (r >= group.Q || publicKey <= BigInteger.One || publicKey >= group.P)
            return false;
        BigInteger b = SchnorrGroup.ReadUnsigned(certificate.B.Span);
        BigInteger a = BigInteger.ModPow(group.G, r, group.P) * BigInteger.ModPow(publicKey, b, group.P) % group.P;

        Span<byte> aBytes = stackalloc byte[group.ElementLength];
        SchnorrGroup.WriteUnsigned(a, aBytes);
        Span<byte> expected = stackalloc byte[PaymentCertificate.ChallengeLength];
        ComputeChallenge(certificate.SerialNumber, certificate.Spec.Span, aBytes, expected);
        return CryptographicOperations.FixedTimeEquals(expected, certificate.B.Span);
    }
}
