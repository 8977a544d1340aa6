using CardOS.Apdu;
using CardOS.Runtime;

namespace CardOS.Cli.Simulation;

/// <summary>One reader slot of the simulated terminal: whichever powered card is inserted answers.</summary>
/// <remarks>Two slots and two clients serve every user card, so an idle card costs no host-side buffers.</remarks>
internal sealed class SlotChannel : ICardChannel
{
    /// <summary>The card in the slot.</summary>
    public Card? Card { get; set; }

    /// <inheritdoc />
    public int Transmit(ReadOnlySpan<byte> command, Span<byte> response)
    {
        int length = Card?.Transmit(command, response) ?? 0;
        return length > 0 ? length : throw new CardConnectionException("The slot is empty or the card is mute.");
    }
}
