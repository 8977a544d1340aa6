using CardOS.Runtime;
using Microsoft.Extensions.Logging;

namespace CardOS.Reader.Vpcd;

/// <summary>
/// Several cards behind vpcd in one process: card <c>n</c> goes into slot <c>n</c> (port <c>options.Port + n</c>,
/// reader "Virtual PCD 00 0n"), so a terminal sees them all at once, for example for card-to-card transfers.
/// </summary>
/// <example>
/// <code>
/// var side = new VpcdCardSide([payer, payee]);
/// await side.RunAsync(stoppingToken);   // until cancelled
/// </code>
/// </example>
public sealed class VpcdCardSide
{
    /// <summary>Creates one slot per card, numbered in order from slot 0.</summary>
    /// <param name="cards">The cards, at least one.</param>
    /// <param name="options">Where vpcd is; shared by every slot.</param>
    /// <param name="logger">Receives every slot's link and protocol events.</param>
    public VpcdCardSide(IEnumerable<Card> cards, VpcdOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(cards);
        options ??= new VpcdOptions();
        var slots = new List<VpcdSlot>();
        foreach (Card card in cards)
            slots.Add(new VpcdSlot(card, options, slots.Count, logger));
        if (slots.Count == 0)
            throw new ArgumentException("At least one card is needed.", nameof(cards));
        Slots = slots;
    }

    /// <summary>The slots, in slot order.</summary>
    public IReadOnlyList<VpcdSlot> Slots { get; }

    /// <summary>Serves every slot until <paramref name="cancellationToken"/> is cancelled, then returns.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        var running = new Task[Slots.Count];
        for (int i = 0; i < running.Length; i++)
            running[i] = Slots[i].RunAsync(cancellationToken);
        return Task.WhenAll(running);
    }
}
