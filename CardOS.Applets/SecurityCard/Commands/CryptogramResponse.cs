using CardOS.Apdu;

namespace CardOS.Applets.SecurityCard.Commands;

/// <summary>The key card's answer to INTERNAL AUTHENTICATE.</summary>
public sealed class CryptogramResponse(ResponseApdu response) : SecurityCardResponse(response)
{
    /// <summary>The 32-byte cryptogram.</summary>
    /// <exception cref="IsoException">The key card answered an error (6982: PIN not verified).</exception>
    public byte[] GetCryptogram()
    {
        ReadOnlySpan<byte> data = SuccessData;
        if (data.Length != SecurityCardMacs.KeyLength)
            throw new FormatException($"A cryptogram has {SecurityCardMacs.KeyLength} bytes; the card answered {data.Length}.");
        return data.ToArray();
    }
}
