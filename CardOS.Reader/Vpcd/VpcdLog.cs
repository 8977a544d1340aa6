using Microsoft.Extensions.Logging;

namespace CardOS.Reader.Vpcd;

/// <summary>The vpcd card side's log messages.</summary>
internal static partial class VpcdLog
{
    [LoggerMessage(1, LogLevel.Information, "Slot {Slot}: link to vpcd up ({Endpoint})")]
    public static partial void LinkUp(ILogger logger, int slot, string endpoint);

    [LoggerMessage(2, LogLevel.Information, "Slot {Slot}: link to vpcd down ({Reason})")]
    public static partial void LinkDown(ILogger logger, int slot, string reason);

    [LoggerMessage(3, LogLevel.Debug, "Slot {Slot}: cannot reach vpcd at {Endpoint} ({Reason}); retrying in {Delay}")]
    public static partial void ConnectFailed(ILogger logger, int slot, string endpoint, string reason, TimeSpan delay);

    [LoggerMessage(4, LogLevel.Warning, "Slot {Slot}: protocol error: {Detail}")]
    public static partial void ProtocolError(ILogger logger, int slot, string detail);

    [LoggerMessage(5, LogLevel.Debug, "Slot {Slot}: {Kind} {Detail}")]
    public static partial void CardEvent(ILogger logger, int slot, VpcdSlotEventKind kind, string detail);

    [LoggerMessage(6, LogLevel.Information, "Slot {Slot}: waiting for vpcd on {Endpoint} (port {Port})")]
    public static partial void Listening(ILogger logger, int slot, string endpoint, int port);
}
