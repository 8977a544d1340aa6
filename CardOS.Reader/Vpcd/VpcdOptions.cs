namespace CardOS.Reader.Vpcd;

/// <summary>Where and how card sides reach vpcd, and how they retry.</summary>
public sealed record VpcdOptions
{
    /// <summary>The port of vpcd's first slot (0x8C7B); slot <c>n</c> uses <c>Port + n</c>, as vpcd numbers them.</summary>
    public const int DefaultPort = 35963;

    /// <summary>The address to connect to (normal mode) or listen on (reversed mode); loopback by default.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>
    /// The port of slot 0; slot <c>n</c> uses <c>Port + n</c>. In reversed mode, 0 lets the system pick a free port for a
    /// single slot, which the slot reports in <see cref="VpcdSlot.ListeningPort"/> and in its log.
    /// </summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>Normal (connect to vpcd) or reversed (listen for vpcd).</summary>
    public VpcdMode Mode { get; init; } = VpcdMode.Normal;

    /// <summary>The wait before the first new connection attempt after a failure; it doubles up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>The longest wait between connection attempts.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The clock the retry waits run on.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Host, nameof(Host));
        ArgumentOutOfRangeException.ThrowIfLessThan(Port, Mode == VpcdMode.Reversed ? 0 : 1, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReconnectDelay, TimeSpan.Zero, nameof(ReconnectDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReconnectDelay, ReconnectDelay, nameof(MaxReconnectDelay));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
    }
}
