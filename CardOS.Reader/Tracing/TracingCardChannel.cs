using System.Diagnostics;
using CardOS.Apdu;
using Microsoft.Extensions.Logging;

namespace CardOS.Reader.Tracing;

/// <summary>
/// A channel decorator that writes every exchange to the APDU trace (<see cref="ApduTrace"/>): wrap a terminal's
/// channel (in-process, PC/SC) to get a log that <c>cardos script</c> replays.
/// </summary>
/// <example>
/// <code>
/// using ILoggerFactory logging = LoggerFactory.Create(builder => builder.AddConsole());
/// ICardChannel channel = new TracingCardChannel(new InProcessReader(card), logging.CreateLogger(ApduTrace.Category), "alice");
/// </code>
/// </example>
public sealed class TracingCardChannel : ICardChannel
{
    private readonly ICardChannel _inner;
    private readonly ILogger _logger;
    private readonly string _reader;
    private readonly SecretCommands _secrets;

    /// <summary>Traces the exchanges over <paramref name="inner"/> to <paramref name="logger"/>, naming the reader <paramref name="reader"/>.</summary>
    /// <param name="inner">The channel to the card.</param>
    /// <param name="logger">The trace's logger.</param>
    /// <param name="reader">The reader's name in the trace.</param>
    /// <param name="secrets">Which commands' data to mask; <see cref="SecretCommands.Iso"/> by default, <see cref="SecretCommands.None"/> for none.</param>
    public TracingCardChannel(ICardChannel inner, ILogger logger, string reader = "card", SecretCommands? secrets = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(reader);
        _inner = inner;
        _logger = logger;
        _reader = reader;
        _secrets = secrets ?? SecretCommands.Iso;
    }

    /// <inheritdoc />
    /// <exception cref="CardConnectionException">The card did not answer (traced as <c>expect mute</c>).</exception>
    public int Transmit(ReadOnlySpan<byte> command, Span<byte> response)
    {
        long start = Stopwatch.GetTimestamp();
        int length;
        try
        {
            length = _inner.Transmit(command, response);
        }
        catch (CardConnectionException)
        {
            ApduTrace.Exchange(_logger, _reader, command, [], Stopwatch.GetElapsedTime(start), _secrets);
            throw;
        }

        ApduTrace.Exchange(_logger, _reader, command, response[..length], Stopwatch.GetElapsedTime(start), _secrets);
        return length;
    }
}
