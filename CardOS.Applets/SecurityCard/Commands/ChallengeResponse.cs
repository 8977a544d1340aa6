using CardOS.Apdu;

namespace CardOS.Applets.SecurityCard.Commands;

/// <summary>The answer to GET CHALLENGE.</summary>
public sealed class ChallengeResponse(ResponseApdu response) : SecurityCardResponse(response)
{
    /// <summary>The 16-byte challenge.</summary>
    /// <exception cref="IsoException">The card answered an error.</exception>
    public byte[] GetChallenge()
    {
        ReadOnlySpan<byte> data = SuccessData;
        if (data.Length != SecurityCardMacs.ChallengeLength)
            throw new FormatException($"A challenge has {SecurityCardMacs.ChallengeLength} bytes; the card answered {data.Length}.");
        return data.ToArray();
    }
}
