using CardOS.Reader.Vpcd;
using CardOS.Runtime;

namespace CardOS.Tests.Reader.EndToEnd;

/// <summary>A card served through the real vpcd by an in-process slot, present in its reader until disposed.</summary>
public sealed class ServedCard : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    private ServedCard(VpcdSlot slot)
    {
        Slot = slot;
        _running = slot.RunAsync(_stop.Token);
    }

    public VpcdSlot Slot { get; }

    public string Reader => Slot.Index == 0 ? PcscEnvironment.Reader0 : PcscEnvironment.Reader1;

    /// <summary>Waits for the reader to be empty, starts serving <paramref name="card"/> in slot <paramref name="index"/>, and waits until pcscd sees it.</summary>
    public static async Task<ServedCard> StartAsync(Card card, CancellationToken cancellationToken, int index = 0)
    {
        string reader = index == 0 ? PcscEnvironment.Reader0 : PcscEnvironment.Reader1;
        await PcscEnvironment.WaitForEmptyAsync(reader, cancellationToken);
        var served = new ServedCard(new VpcdSlot(card, new VpcdOptions(), index));
        await PcscEnvironment.WaitForCardAsync(reader, cancellationToken);
        return served;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        _stop.Dispose();
        await PcscEnvironment.WaitForEmptyAsync(Reader, CancellationToken.None);
    }
}
