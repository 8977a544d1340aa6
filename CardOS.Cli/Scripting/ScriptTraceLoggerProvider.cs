using Microsoft.Extensions.Logging;

namespace CardOS.Cli.Scripting;

/// <summary>
/// A logging provider that writes each message as one bare line to a text writer. The APDU trace's messages
/// (<see cref="Reader.Tracing.ApduTrace"/>) are script statements, so what it writes replays with <c>cardos script</c>.
/// </summary>
internal sealed class ScriptTraceLoggerProvider : ILoggerProvider
{
    private readonly TextWriter _writer;
    private readonly bool _ownsWriter;

    /// <param name="writer">Where the lines go.</param>
    /// <param name="ownsWriter">Dispose <paramref name="writer"/> with the provider (a trace file), rather than only flush it.</param>
    public ScriptTraceLoggerProvider(TextWriter writer, bool ownsWriter = false)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = TextWriter.Synchronized(writer);
        _ownsWriter = ownsWriter;
    }

    public ILogger CreateLogger(string categoryName) => new LineLogger(_writer);

    public void Dispose()
    {
        if (_ownsWriter)
            _writer.Dispose();
        else
            _writer.Flush();
    }

    private sealed class LineLogger(TextWriter writer) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                writer.WriteLine(formatter(state, exception));
        }
    }
}
