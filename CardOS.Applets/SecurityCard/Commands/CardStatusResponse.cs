using System.Buffers.Binary;
using CardOS.Apdu;

namespace CardOS.Applets.SecurityCard.Commands;

/// <summary>The answer to GET DATA DF20.</summary>
public sealed class CardStatusResponse(ResponseApdu response) : SecurityCardResponse(response)
{
    /// <summary>The decoded status record.</summary>
    /// <exception cref="IsoException">The card answered an error.</exception>
    public SecurityCardStatus GetStatus()
    {
        ReadOnlySpan<byte> d = SuccessData;
        if (d.Length != SecurityCardApplet.StatusLength)
            throw new FormatException($"The status record has {SecurityCardApplet.StatusLength} bytes; the card answered {d.Length}.");
        return new SecurityCardStatus(
            d[0] == SecurityCardApplet.LifeCycleOperational,
            d[1] != 0,
            d[2],
            d[3],
            BinaryPrimitives.ReadUInt32BigEndian(d[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(d[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(d[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(d[16..]));
    }
}
