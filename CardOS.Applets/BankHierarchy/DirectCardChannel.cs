using CardOS.Apdu;
using CardOS.Runtime;

namespace CardOS.Applets.BankHierarchy;

/// <summary>A channel straight to a powered <see cref="Card"/> in this process (the installer helpers use it; terminals use a reader).</summary>
internal sealed class DirectCardChannel : ICardChannel
{
    private readonly Card _card;

    public DirectCardChannel(Card card)
    {
        _card = card;
        if (!card.IsPowered)
            card.PowerOn();
    }

    public int Transmit(ReadOnlySpan<byte> command, Span<byte> response)
    {
        int length = _card.Transmit(command, response);
        return length > 0 ? length : throw new CardConnectionException("The card is mute.");
    }
}
