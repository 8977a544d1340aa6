using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Security.Cryptography;

namespace CardOS.Applets.SecurityCard;

/// <summary>
/// CARD-CERT = cert_B(inter, info, P_C, P_U): the bank's signature over the validity interval, the card's
/// information and the two public keys whose product verifies the card's payments (WO 98/25220, FIG. 4 step 260).
/// </summary>
/// <remarks>
/// <para>Encoding (605 bytes, integers big-endian):</para>
/// <code>
///   0    1  format, 01
///   1    4  valid from  (seconds since 1970-01-01 UTC)   \ inter
///   5    4  valid until (seconds since 1970-01-01 UTC)   /
///   9    4  bank id                                      \
///  13    8  card#                                         |
///  21    4  cert# (increases with every renewal)          | info
///  25    2  currency (ISO 4217 numeric)                   |
///  27    2  usage flags (bit 0: offline payment allowed)  /
///  29  256  P_C = g^-S_C mod P
/// 285  256  P_U = g^-S_U mod P
/// 541   64  bank signature: ECDSA P-256 with SHA-256 over bytes 0-540, r || s (IEEE P1363)
/// </code>
/// <para>The patent leaves the certificate's scheme open ("not necessarily the same scheme as PAYMENT-CERT"); ECDSA
/// P-256 comes from the platform.</para>
/// </remarks>
public sealed class CardCertificate
{
    /// <summary>The format byte this version writes.</summary>
    public const byte Format = 0x01;

    /// <summary>Bytes of an encoded certificate.</summary>
    public const int Length = SignedLength + SignatureLength;

    /// <summary>Bytes the signature covers.</summary>
    public const int SignedLength = 29 + (2 * KeyLength);

    /// <summary>Bytes of the signature.</summary>
    public const int SignatureLength = 64;

    /// <summary>Bytes of each public key.</summary>
    public const int KeyLength = 256;

    /// <summary>Offset of card#.</summary>
    public const int CardNumberOffset = 13;

    /// <summary>Offset of cert#.</summary>
    public const int CertificateNumberOffset = 21;

    /// <summary>Offset of the currency.</summary>
    public const int CurrencyOffset = 25;

    /// <summary>Offset of P_C.</summary>
    public const int BankKeyOffset = 29;

    /// <summary>Offset of P_U.</summary>
    public const int UserKeyOffset = BankKeyOffset + KeyLength;

    /// <summary>Usage flag: the certificate may be used for offline payments.</summary>
    public const ushort OfflinePaymentAllowed = 0x0001;

    private readonly byte[] _encoded;

    private CardCertificate(byte[] encoded)
    {
        _encoded = encoded;
        ReadOnlySpan<byte> e = encoded;
        ValidFrom = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadUInt32BigEndian(e[1..]));
        ValidUntil = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadUInt32BigEndian(e[5..]));
        BankId = BinaryPrimitives.ReadUInt32BigEndian(e[9..]);
        CardNumber = BinaryPrimitives.ReadUInt64BigEndian(e[CardNumberOffset..]);
        CertificateNumber = BinaryPrimitives.ReadUInt32BigEndian(e[CertificateNumberOffset..]);
        Currency = BinaryPrimitives.ReadUInt16BigEndian(e[CurrencyOffset..]);
        UsageFlags = BinaryPrimitives.ReadUInt16BigEndian(e[27..]);
        BankPublicKey = SchnorrGroup.ReadUnsigned(e.Slice(BankKeyOffset, KeyLength));
        UserPublicKey = SchnorrGroup.ReadUnsigned(e.Slice(UserKeyOffset, KeyLength));
    }

    /// <summary>Start of the validity interval.</summary>
    public DateTimeOffset ValidFrom { get; }

    /// <summary>End of the validity interval.</summary>
    public DateTimeOffset ValidUntil { get; }

    /// <summary>The issuing bank.</summary>
    public uint BankId { get; }

    /// <summary>card#.</summary>
    public ulong CardNumber { get; }

    /// <summary>cert#: which of the card's certificates this is.</summary>
    public uint CertificateNumber { get; }

    /// <summary>The card's currency (ISO 4217 numeric).</summary>
    public ushort Currency { get; }

    /// <summary>Constraints on the certificate's use.</summary>
    public ushort UsageFlags { get; }

    /// <summary>P_C, the bank part of the joint public key.</summary>
    public BigInteger BankPublicKey { get; }

    /// <summary>P_U, the user part of the joint public key.</summary>
    public BigInteger UserPublicKey { get; }

    /// <summary>The encoding.</summary>
    public ReadOnlyMemory<byte> Encoded => _encoded;

    /// <summary>The joint public key P_C P_U mod P.</summary>
    public BigInteger JointPublicKey(SchnorrGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return BankPublicKey * UserPublicKey % group.P;
    }

    /// <summary>Builds and signs a certificate with the bank's ECDSA P-256 key.</summary>
    public static CardCertificate Create(
        ECDsa bankKey,
        DateTimeOffset validFrom,
        DateTimeOffset validUntil,
        uint bankId,
        ulong cardNumber,
        uint certificateNumber,
        ushort currency,
        ushort usageFlags,
        BigInteger bankPublicKey,
        BigInteger userPublicKey)
    {
        ArgumentNullException.ThrowIfNull(bankKey);
        var encoded = new byte[Length];
        Span<byte> e = encoded;
        e[0] = Format;
        BinaryPrimitives.WriteUInt32BigEndian(e[1..], checked((uint)validFrom.ToUnixTimeSeconds()));
        BinaryPrimitives.WriteUInt32BigEndian(e[5..], checked((uint)validUntil.ToUnixTimeSeconds()));
        BinaryPrimitives.WriteUInt32BigEndian(e[9..], bankId);
        BinaryPrimitives.WriteUInt64BigEndian(e[CardNumberOffset..], cardNumber);
        BinaryPrimitives.WriteUInt32BigEndian(e[CertificateNumberOffset..], certificateNumber);
        BinaryPrimitives.WriteUInt16BigEndian(e[CurrencyOffset..], currency);
        BinaryPrimitives.WriteUInt16BigEndian(e[27..], usageFlags);
        SchnorrGroup.WriteUnsigned(bankPublicKey, e.Slice(BankKeyOffset, KeyLength));
        SchnorrGroup.WriteUnsigned(userPublicKey, e.Slice(UserKeyOffset, KeyLength));
        if (!bankKey.TrySignData(e[..SignedLength], e[SignedLength..], HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation, out int written)
            || written != SignatureLength)
        {
            throw new CryptographicException("The bank key must be an ECDSA P-256 key.");
        }

        return new CardCertificate(encoded);
    }

    /// <summary>Decodes a certificate (format and length only; the signature is checked by <see cref="VerifySignature"/>); never throws.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> encoded, [NotNullWhen(true)] out CardCertificate? certificate)
    {
        certificate = encoded.Length == Length && encoded[0] == Format ? new CardCertificate(encoded.ToArray()) : null;
        return certificate is not null;
    }

    /// <summary>Decodes a certificate.</summary>
    /// <exception cref="FormatException">The bytes are not a CARD-CERT.</exception>
    public static CardCertificate Decode(ReadOnlySpan<byte> encoded) =>
        TryDecode(encoded, out CardCertificate? certificate)
            ? certificate
            : throw new FormatException($"A CARD-CERT has {Length} bytes and format {Format:X2}.");

    /// <summary>True when the bank's signature verifies under <paramref name="bankPublicKey"/>.</summary>
    public bool VerifySignature(ECDsa bankPublicKey)
    {
        ArgumentNullException.ThrowIfNull(bankPublicKey);
        ReadOnlySpan<byte> e = _encoded;
        return bankPublicKey.VerifyData(e[..SignedLength], e[SignedLength..], HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>True when <paramref name="time"/> lies in the validity interval.</summary>
    public bool IsValidAt(DateTimeOffset time) => time >= ValidFrom && time <= ValidUntil;

    /// <summary>True when both public keys are elements of the group's order-Q subgroup and their product is not 1.</summary>
    public bool HasValidKeys(SchnorrGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return group.IsElement(BankPublicKey) && group.IsElement(UserPublicKey) && !JointPublicKey(group).IsOne;
    }
}
