using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Asn1.X9;

namespace CardOS.Applets.SecurityCard;

/// <summary>
/// Published test material for demos, the CLI's <c>security</c> card and tests: every value is SHA-256 of a fixed label
/// (reduced mod Q for the Schnorr secrets), so anyone can rebuild it. Never use it for anything real.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>PIN <c>1234</c>; the key card's PIN <c>4321</c>.</item>
/// <item>card# <c>0000000000000001</c>, bank id 1, currency 978 (EUR), initial C_balance 10000.</item>
/// <item>S_U = SHA-256("CardOS test S_U") mod Q, S_C = SHA-256("CardOS test S_C") mod Q.</item>
/// <item>Bank CARD-CERT key: ECDSA P-256 with private scalar SHA-256("CardOS test bank signing key").</item>
/// <item>Withdrawal, close-lock and open-lock master keys: SHA-256("CardOS test withdrawal master key"),
/// SHA-256("CardOS test close-lock master key"), SHA-256("CardOS test open-lock master key").</item>
/// </list>
/// </remarks>
public static class SecurityCardTestKeys
{
    /// <summary>The card holder's PIN.</summary>
    public const string Pin = "1234";

    /// <summary>The security key card holder's PIN.</summary>
    public const string KeyCardPin = "4321";

    /// <summary>The test card's card#.</summary>
    public const ulong CardNumber = 1;

    /// <summary>The test bank's id.</summary>
    public const uint BankId = 1;

    /// <summary>EUR (ISO 4217 numeric).</summary>
    public const ushort Currency = 978;

    /// <summary>The test card's initial C_balance.</summary>
    public const uint InitialBalance = 10_000;

    /// <summary>S_U, 32 bytes.</summary>
    public static byte[] UserSecret() => Scalar("CardOS test S_U");

    /// <summary>S_C, 32 bytes.</summary>
    public static byte[] BankSecret() => Scalar("CardOS test S_C");

    /// <summary>The close-lock master key of the test key card.</summary>
    public static byte[] CloseLockMasterKey() => Hash("CardOS test close-lock master key");

    /// <summary>The open-lock master key of the test key card.</summary>
    public static byte[] OpenLockMasterKey() => Hash("CardOS test open-lock master key");

    /// <summary>The test bank's key set (a new instance each call; the caller disposes it).</summary>
    public static SecurityCardBankKeys CreateBankKeys()
    {
        byte[] d = Hash("CardOS test bank signing key");

        // The platform imports a private key only with its public point, which BouncyCastle computes.
        X9ECParameters curve = ECNamedCurveTable.GetByName("P-256");
        Org.BouncyCastle.Math.EC.ECPoint q = curve.G.Multiply(new Org.BouncyCastle.Math.BigInteger(1, d)).Normalize();
        var parameters = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = d,
            Q = new ECPoint { X = q.AffineXCoord.GetEncoded(), Y = q.AffineYCoord.GetEncoded() },
        };
        return new SecurityCardBankKeys(
            BankId, Currency, ECDsa.Create(parameters), Hash("CardOS test withdrawal master key"), CloseLockMasterKey(), OpenLockMasterKey());
    }

    private static byte[] Hash(string label) => SHA256.HashData(Encoding.ASCII.GetBytes(label));

    private static byte[] Scalar(string label)
    {
        BigInteger value = SchnorrGroup.ReadUnsigned(Hash(label)) % SchnorrGroup.Rfc5114Modp2048Q256.Q;
        return SchnorrGroup.ToFixedBytes(value, 32);
    }
}
