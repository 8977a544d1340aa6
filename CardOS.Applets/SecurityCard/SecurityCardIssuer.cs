using System.Numerics;
using System.Security.Cryptography;

namespace CardOS.Applets.SecurityCard;

/// <summary>
/// Account opening (WO 98/25220 FIG. 4): personalises a security card in its two parts. The user part (step 240) sets
/// S_U, generated on the card or entered at this trusted terminal, and the PIN; the bank part (steps 250-270) enters
/// S_C, the withdrawal and lock keys and the initial C_balance, then signs and loads CARD-CERT and activates the card.
/// </summary>
public sealed class SecurityCardIssuer
{
    private readonly SecurityCardBankKeys _keys;
    private readonly SchnorrGroup _group;
    private readonly TimeProvider _time;

    /// <summary>Creates an issuer for the bank that owns <paramref name="keys"/>.</summary>
    public SecurityCardIssuer(SecurityCardBankKeys keys, SchnorrGroup group, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(group);
        _keys = keys;
        _group = group;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>How long a CARD-CERT is valid.</summary>
    public TimeSpan Validity { get; init; } = TimeSpan.FromDays(2 * 365);

    /// <summary>
    /// The user part: S_U (<paramref name="userSecret"/>, 32 bytes in [1, Q - 1]; null has the card generate it) and the PIN.
    /// The terminal keeps nothing: it forgets an entered S_U once the card holds it.
    /// </summary>
    /// <returns>P_U.</returns>
    public static BigInteger PersonalizeUserPart(SecurityCardDriver card, string pin, ReadOnlyMemory<byte>? userSecret = null)
    {
        ArgumentNullException.ThrowIfNull(card);
        BigInteger userPublicKey;
        if (userSecret is { } secret)
        {
            card.PutData(SecurityCardTags.UserSecret, secret);
            userPublicKey = card.ReadPublicKey(SecurityCardInstructions.UserKeyReference);
        }
        else
        {
            userPublicKey = card.GenerateUserKey();
        }

        card.ChangePin(null, pin);
        return userPublicKey;
    }

    /// <summary>
    /// The bank part: S_C (<paramref name="bankSecret"/>, or fresh from the platform's generator; the bank keeps only P_C),
    /// K_M and the lock keys derived for <paramref name="cardNumber"/>, the initial C_balance, CARD-CERT; then activation.
    /// </summary>
    /// <returns>The card's CARD-CERT.</returns>
    public CardCertificate PersonalizeBankPart(SecurityCardDriver card, ulong cardNumber, BigInteger userPublicKey, uint initialBalance, ReadOnlyMemory<byte>? bankSecret = null)
    {
        ArgumentNullException.ThrowIfNull(card);
        byte[] secret = bankSecret?.ToArray() ?? GenerateSecret();
        try
        {
            card.PutData(SecurityCardTags.BankSecret, secret);
            BigInteger bankPublicKey = _group.PublicKey(SchnorrGroup.ReadUnsigned(secret));
            card.PutData(SecurityCardTags.WithdrawalKey, _keys.WithdrawalKeyFor(cardNumber));
            card.PutData(SecurityCardTags.CloseLockKey, _keys.LockKeyFor(LockOperation.Close, cardNumber));
            card.PutData(SecurityCardTags.OpenLockKey, _keys.LockKeyFor(LockOperation.Open, cardNumber));
            card.PutData(SecurityCardTags.InitialBalance, BigEndian(initialBalance));
            CardCertificate certificate = Certify(cardNumber, 1, bankPublicKey, userPublicKey);
            card.PutData(SecurityCardTags.CardCertificate, certificate.Encoded);
            card.Activate();
            return certificate;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>Signs a CARD-CERT valid from now for <see cref="Validity"/>.</summary>
    public CardCertificate Certify(ulong cardNumber, uint certificateNumber, BigInteger bankPublicKey, BigInteger userPublicKey)
    {
        DateTimeOffset now = DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().ToUnixTimeSeconds());
        return CardCertificate.Create(
            _keys.SigningKey, now, now + Validity, _keys.BankId, cardNumber, certificateNumber, _keys.Currency, CardCertificate.OfflinePaymentAllowed, bankPublicKey, userPublicKey);
    }

    /// <summary>A renewed CARD-CERT: same card and keys, the next cert#, a fresh validity interval.</summary>
    public CardCertificate Renew(CardCertificate current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return Certify(current.CardNumber, checked(current.CertificateNumber + 1), current.BankPublicKey, current.UserPublicKey);
    }

    private static byte[] BigEndian(uint value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

    private byte[] GenerateSecret()
    {
        var secret = new byte[32];
        BigInteger value;
        do
        {
            RandomNumberGenerator.Fill(secret);
            value = SchnorrGroup.ReadUnsigned(secret);
        }
        while (value.IsZero || value >= _group.Q);
        return secret;
    }
}
