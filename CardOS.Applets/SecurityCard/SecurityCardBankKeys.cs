using System.Security.Cryptography;

namespace CardOS.Applets.SecurityCard;

/// <summary>
/// A bank's key material for its security cards: the ECDSA P-256 key that signs CARD-CERTs, the master key its cards'
/// withdrawal keys K_M derive from, and the two master keys of its security key cards (close, open).
/// </summary>
public sealed class SecurityCardBankKeys : IDisposable
{
    private readonly byte[] _withdrawalMasterKey;
    private readonly byte[] _closeLockMasterKey;
    private readonly byte[] _openLockMasterKey;

    /// <summary>Creates the key set (the keys are copied; the signing key is owned and disposed with it).</summary>
    public SecurityCardBankKeys(uint bankId, ushort currency, ECDsa signingKey, ReadOnlySpan<byte> withdrawalMasterKey, ReadOnlySpan<byte> closeLockMasterKey, ReadOnlySpan<byte> openLockMasterKey)
    {
        ArgumentNullException.ThrowIfNull(signingKey);
        if (signingKey.KeySize != 256)
            throw new ArgumentException("CARD-CERTs are signed with ECDSA P-256.", nameof(signingKey));
        if (withdrawalMasterKey.Length != SecurityCardMacs.KeyLength || closeLockMasterKey.Length != SecurityCardMacs.KeyLength || openLockMasterKey.Length != SecurityCardMacs.KeyLength)
            throw new ArgumentException($"Master keys have {SecurityCardMacs.KeyLength} bytes.");
        BankId = bankId;
        Currency = currency;
        SigningKey = signingKey;
        _withdrawalMasterKey = withdrawalMasterKey.ToArray();
        _closeLockMasterKey = closeLockMasterKey.ToArray();
        _openLockMasterKey = openLockMasterKey.ToArray();
    }

    /// <summary>Creates a fresh key set from the platform's generator.</summary>
    public static SecurityCardBankKeys Generate(uint bankId, ushort currency) =>
        new(bankId, currency, ECDsa.Create(ECCurve.NamedCurves.nistP256), RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));

    /// <summary>The bank's id in every CARD-CERT.</summary>
    public uint BankId { get; }

    /// <summary>The currency of the bank's cards (ISO 4217 numeric).</summary>
    public ushort Currency { get; }

    /// <summary>The CARD-CERT signing key.</summary>
    public ECDsa SigningKey { get; }

    /// <summary>The master key the withdrawal keys derive from.</summary>
    public ReadOnlySpan<byte> WithdrawalMasterKey => _withdrawalMasterKey;

    /// <summary>The master key a security key card closes locks with.</summary>
    public ReadOnlySpan<byte> CloseLockMasterKey => _closeLockMasterKey;

    /// <summary>The master key a security key card opens locks with.</summary>
    public ReadOnlySpan<byte> OpenLockMasterKey => _openLockMasterKey;

    /// <summary>A verifier holding only the public half of the signing key, for terminals.</summary>
    public ECDsa CreateVerifier()
    {
        ECParameters parameters = SigningKey.ExportParameters(includePrivateParameters: false);
        return ECDsa.Create(parameters);
    }

    /// <summary>Card <paramref name="cardNumber"/>'s withdrawal key K_M.</summary>
    public byte[] WithdrawalKeyFor(ulong cardNumber) => SecurityCardMacs.DeriveWithdrawalKey(_withdrawalMasterKey, cardNumber);

    /// <summary>Card <paramref name="cardNumber"/>'s lock key for <paramref name="operation"/>.</summary>
    public byte[] LockKeyFor(LockOperation operation, ulong cardNumber) =>
        SecurityCardMacs.DeriveLockKey(operation == LockOperation.Close ? _closeLockMasterKey : _openLockMasterKey, operation, cardNumber);

    /// <inheritdoc />
    public void Dispose()
    {
        SigningKey.Dispose();
        CryptographicOperations.ZeroMemory(_withdrawalMasterKey);
        CryptographicOperations.ZeroMemory(_closeLockMasterKey);
        CryptographicOperations.ZeroMemory(_openLockMasterKey);
    }
}
