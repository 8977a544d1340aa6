using CardOS.Storage;

namespace CardOS.Runtime;

/// <summary>How a card is built: protocol, ATR, channels, memory sizes, randomness and clock.</summary>
public sealed record CardOptions
{
    /// <summary>The most logical channels ISO/IEC 7816-4 allows (0 to 19).</summary>
    public const int MaxLogicalChannels = 20;

    /// <summary>The transmission protocol the card offers and speaks; T=1 by default.</summary>
    public TransmissionProtocol Protocol { get; init; } = TransmissionProtocol.T1;

    /// <summary>The ATR's historical bytes (at most 15); null for <see cref="Atr.DefaultHistoricalBytes"/>.</summary>
    public byte[]? HistoricalBytes { get; init; }

    /// <summary>How many logical channels the card supports, 1 (basic channel only) to 20.</summary>
    public int LogicalChannels { get; init; } = MaxLogicalChannels;

    /// <summary>EEPROM size in bytes (a multiple of 64, 4 KiB to 16 MiB); 64 KiB by default.</summary>
    public int EepromCapacity { get; init; } = 64 * 1024;

    /// <summary>The transaction journal's size in bytes (its commit capacity plus per-write overhead).</summary>
    public int JournalCapacity { get; init; } = PersistentMemory.DefaultJournalCapacity;

    /// <summary>A seed for the card's random generator, so that a run replays exactly; null for a cryptographic generator.</summary>
    public int? RandomSeed { get; init; }

    /// <summary>The card's clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(LogicalChannels, 1, nameof(LogicalChannels));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(LogicalChannels, MaxLogicalChannels, nameof(LogicalChannels));
        if (HistoricalBytes is { Length: > Atr.MaxHistoricalBytes })
            throw new ArgumentException($"An ATR carries at most {Atr.MaxHistoricalBytes} historical bytes.", nameof(HistoricalBytes));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
    }
}
