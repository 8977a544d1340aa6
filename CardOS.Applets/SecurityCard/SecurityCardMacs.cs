using System.Buffers.Binary;
using System.Security.Cryptography;

namespace CardOS.Applets.SecurityCard;

/// <summary>
/// The symmetric side of the security card: per-card key diversification and the HMAC-SHA256 values that authenticate
/// withdrawals (WO 98/25220: "secret keyed one-way hash value based on non-repeating contents") and lock operations.
/// Every input starts with a four-letter label, so no value made for one purpose verifies for another.
/// </summary>
public static class SecurityCardMacs
{
    /// <summary>Bytes of a key, a MAC and a cryptogram.</summary>
    public const int KeyLength = 32;

    /// <summary>Bytes of a lock challenge.</summary>
    public const int ChallengeLength = 16;

    /// <summary>Bytes of the card's withdrawal nonce.</summary>
    public const int NonceLength = 16;

    /// <summary>The per-card withdrawal key: HMAC-SHA256(master, "KWDR" || card#).</summary>
    public static byte[] DeriveWithdrawalKey(ReadOnlySpan<byte> bankMasterKey, ulong cardNumber) => Derive(bankMasterKey, "KWDR"u8, cardNumber);

    /// <summary>The per-card lock key: HMAC-SHA256(master, "KCLS" or "KOPN" || card#).</summary>
    public static byte[] DeriveLockKey(ReadOnlySpan<byte> lockMasterKey, LockOperation operation, ulong cardNumber) =>
        Derive(lockMasterKey, operation == LockOperation.Close ? "KCLS"u8 : "KOPN"u8, cardNumber);

    /// <summary>The lock cryptogram: HMAC-SHA256(card lock key, "LOCK" or "OPEN" || challenge (16) || card# (8)).</summary>
    public static void ComputeLockCryptogram(ReadOnlySpan<byte> cardLockKey, LockOperation operation, ReadOnlySpan<byte> challenge, ulong cardNumber, Span<byte> cryptogram)
    {
        if (challenge.Length != ChallengeLength)
            throw new ArgumentException($"A challenge has {ChallengeLength} bytes.", nameof(challenge));
        Span<byte> input = stackalloc byte[4 + ChallengeLength + 8];
        (operation == LockOperation.Close ? "LOCK"u8 : "OPEN"u8).CopyTo(input);
        challenge.CopyTo(input[4..]);
        BinaryPrimitives.WriteUInt64BigEndian(input[(4 + ChallengeLength)..], cardNumber);
        HMACSHA256.HashData(cardLockKey, input, cryptogram);
    }

    /// <summary>The withdrawal request's MAC: HMAC-SHA256(K_M, "WREQ" || the request's first 44 bytes).</summary>
    public static void ComputeRequestMac(ReadOnlySpan<byte> withdrawalKey, ReadOnlySpan<byte> requestBody, Span<byte> mac)
    {
        Span<byte> input = stackalloc byte[4 + WithdrawalRequest.BodyLength];
        if (requestBody.Length != WithdrawalRequest.BodyLength)
            throw new ArgumentException($"The request body has {WithdrawalRequest.BodyLength} bytes.", nameof(requestBody));
        "WREQ"u8.CopyTo(input);
        requestBody.CopyTo(input[4..]);
        HMACSHA256.HashData(withdrawalKey, input, mac);
    }

    /// <summary>
    /// The acknowledgement's MAC: HMAC-SHA256(K_M, "WACK" || card# (8) || the request's nonce (16) || seq# (4) || amount (4) || new CARD-CERT (0 or 605)).
    /// </summary>
    public static void ComputeAcknowledgementMac(
        ReadOnlySpan<byte> withdrawalKey, ulong cardNumber, ReadOnlySpan<byte> nonce, uint sequenceNumber, uint amount, ReadOnlySpan<byte> newCertificate, Span<byte> mac)
    {
        if (nonce.Length != NonceLength)
            throw new ArgumentException($"A nonce has {NonceLength} bytes.", nameof(nonce));
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, withdrawalKey);
        Span<byte> header = stackalloc byte[4 + 8 + NonceLength + 4 + 4];
        "WACK"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt64BigEndian(header[4..], cardNumber);
        nonce.CopyTo(header[12..]);
        BinaryPrimitives.WriteUInt32BigEndian(header[(12 + NonceLength)..], sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(header[(16 + NonceLength)..], amount);
        hmac.AppendData(header);
        hmac.AppendData(newCertificate);
        hmac.GetHashAndReset(mac);
    }

    private static byte[] Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> label, ulong cardNumber)
    {
        Span<byte> input = stackalloc byte[12];
        label.CopyTo(input);
        BinaryPrimitives.WriteUInt64BigEndian(input[4..], cardNumber);
        return HMACSHA256.HashData(masterKey, input);
    }
}
