using System.Numerics;
using CardOS.Apdu;

namespace CardOS.Applets.SecurityCard.Commands;

/// <summary>A public key (256 bytes, big-endian) as GENERATE ASYMMETRIC KEY PAIR answers it.</summary>
public sealed class PublicKeyResponse(ResponseApdu response) : SecurityCardResponse(response)
{
    /// <summary>The public key.</summary>
    /// <exception cref="IsoException">The card answered an error.</exception>
    public BigInteger GetPublicKey()
    {
        ReadOnlySpan<byte> data = SuccessData;
        if (data.Length != CardCertificate.KeyLength)
            throw new FormatException($"A public key has {CardCertificate.KeyLength} bytes; the card answered {data.Length}.");
        return SchnorrGroup.ReadUnsigned(data);
    }
}
