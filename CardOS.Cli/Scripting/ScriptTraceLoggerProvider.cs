using Microsoft.Extensions.Logging;

namespace CardOS.Cli.Scripting;

/// <summary>
/// A logging provider that writes each message as one bare line to a text writer. The APDU trace's messages
/// (<see cref="Reader.Tracing.ApduTrace"/>) are script statements, so what it writes replays with <c>cardos script</c>.
/// </summary>
internal sealed class ScriptTraceLoggerProvider : ILoggerProvider
{
    private readonly TextWriter _writer;

    public ScriptTraceLoggerProvider(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = TextWriter.Synchronized(writer);
    }

    public ILogger CreateLogger(string categoryName) => new LineLogger(_writer);

    public void Dispose() => _writer.Flush();

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
