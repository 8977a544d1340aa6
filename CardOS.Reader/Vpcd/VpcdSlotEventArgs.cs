namespace CardOS.Reader.Vpcd;

/// <summary>A change in a slot's link or card, for logs and traces.</summary>
public sealed class VpcdSlotEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    public VpcdSlotEventArgs(int slot, VpcdSlotEventKind kind, string detail, ReadOnlyMemory<byte> atr = default)
    {
        Slot = slot;
        Kind = kind;
        Detail = detail;
        Atr = atr;
    }

    /// <summary>The vpcd slot (0 for the first reader).</summary>
    public int Slot { get; }

    /// <summary>What happened.</summary>
    public VpcdSlotEventKind Kind { get; }

    /// <summary>A human-readable detail: the endpoint, the ATR, the reason a link dropped.</summary>
    public string Detail { get; }

    /// <summary>The card's answer to reset, for <see cref="VpcdSlotEventKind.PoweredOn"/> and <see cref="VpcdSlotEventKind.Reset"/>; empty otherwise or when the card failed to power up.</summary>
    public ReadOnlyMemory<byte> Atr { get; }
}
