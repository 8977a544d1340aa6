using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace CardOS.Applets.SecurityCard;

/// <summary>
/// The card's authenticated withdrawal request (WO 98/25220, FIG. 10 step 870): card#, the current cert#, a fresh
/// seq#, C_balance, the amount, the last seq# the card was credited for, a fresh nonce, and a MAC under K_M.
/// </summary>
/// <remarks>
/// Encoding (76 bytes, integers big-endian): card# (8), cert# (4), seq# (4), C_balance (4), amount (4),
/// last credited seq# (4), nonce (16), MAC (32) = HMAC-SHA256(K_M, "WREQ" || bytes 0-43).
/// </remarks>
public sealed class WithdrawalRequest
{
    /// <summary>Bytes the MAC covers.</summary>
    public const int BodyLength = 44;

    /// <summary>Bytes of the encoding.</summary>
    public const int Length = BodyLength + SecurityCardMacs.KeyLength;

    private readonly byte[] _encoded;

    private WithdrawalRequest(byte[] encoded)
    {
        _encoded = encoded;
        ReadOnlySpan<byte> e = encoded;
        CardNumber = BinaryPrimitives.ReadUInt64BigEndian(e);
        CertificateNumber = BinaryPrimitives.ReadUInt32BigEndian(e[8..]);
        SequenceNumber = BinaryPrimitives.ReadUInt32BigEndian(e[12..]);
        Balance = BinaryPrimitives.ReadUInt32BigEndian(e[16..]);
        Amount = BinaryPrimitives.ReadUInt32BigEndian(e[20..]);
        LastCreditedSequenceNumber = BinaryPrimitives.ReadUInt32BigEndian(e[24..]);
    }

    /// <summary>card#.</summary>
    public ulong CardNumber { get; }

    /// <summary>The cert# of the card's current CARD-CERT.</summary>
    public uint CertificateNumber { get; }

    /// <summary>seq#, fresh for this request.</summary>
    public uint SequenceNumber { get; }

    /// <summary>C_balance before the withdrawal.</summary>
    public uint Balance { get; }

    /// <summary>The amount asked for (0: certificate renewal only).</summary>
    public uint Amount { get; }

    /// <summary>The seq# of the last acknowledgement the card accepted (0: none).</summary>
    public uint LastCreditedSequenceNumber { get; }

    /// <summary>The card's nonce; the acknowledgement's MAC covers it.</summary>
    public ReadOnlyMemory<byte> Nonce => _encoded.AsMemory(28, SecurityCardMacs.NonceLength);

    /// <summary>The encoding.</summary>
    public ReadOnlyMemory<byte> Encoded => _encoded;

    /// <summary>Decodes a request (the MAC is checked by <see cref="VerifyMac"/>); never throws.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> encoded, [NotNullWhen(true)] out WithdrawalRequest? request)
    {
        request = encoded.Length == Length ? new WithdrawalRequest(encoded.ToArray()) : null;
        return request is not null;
    }

    /// <summary>Decodes a request.</summary>
    /// <exception cref="FormatException">The bytes are not a withdrawal request.</exception>
    public static WithdrawalRequest Decode(ReadOnlySpan<byte> encoded) =>
        TryDecode(encoded, out WithdrawalRequest? request) ? request : throw new FormatException($"A withdrawal request has {Length} bytes.");

    /// <summary>True when the MAC verifies under the card's withdrawal key.</summary>
    public bool VerifyMac(ReadOnlySpan<byte> withdrawalKey)
    {
        Span<byte> mac = stackalloc byte[SecurityCardMacs.KeyLength];
        SecurityCardMacs.ComputeRequestMac(withdrawalKey, _encoded.AsSpan(0, BodyLength), mac);
        return CryptographicOperations.FixedTimeEquals(mac, _encoded.AsSpan(BodyLength));
    }
}
