using CardOS.Apdu;
using CardOS.Runtime;

namespace CardOS.Applets.SecurityCard;

/// <summary>A channel straight to a <see cref="Card"/> in this process, for the install helpers (the applets do not depend on CardOS.Reader).</summary>
internal sealed class DirectCardChannel(Card card) : ICardChannel
{
    public int Transmit(ReadOnlySpan<byte> command, Span<byte> response)
    {
        int length = card.Transmit(command, response);
        return length > 0 ? length : throw new CardConnectionException("The card is mute: it is unpowered or lost power during the command.");
    }
}
