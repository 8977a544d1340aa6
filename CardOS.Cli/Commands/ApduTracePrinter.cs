using CardOS.Apdu;
using CardOS.Cli.Scripting;
using CardOS.Reader.Tracing;
using Microsoft.Extensions.Logging;

namespace CardOS.Cli.Commands;

/// <summary>
/// The demo's output: every exchange as a line of the APDU trace (<see cref="ApduTrace"/>, the format of
/// <c>cardos serve --trace</c> and docs/reader.md), with the story told in <c>//</c> comment lines between them.
/// </summary>
internal sealed class ApduTracePrinter : IDisposable
{
    private readonly TextWriter _output;
    private readonly ScriptTraceLoggerProvider _provider;
    private readonly ICardChannel? _channel;

    /// <summary>A printer for traced channels made with <see cref="Trace"/>.</summary>
    public ApduTracePrinter(TextWriter output)
        : this(output, null, string.Empty)
    {
    }

    /// <summary>A printer that sends with <see cref="Send"/> over <paramref name="channel"/>, traced as <paramref name="reader"/>.</summary>
    public ApduTracePrinter(TextWriter output, ICardChannel? channel, string reader)
    {
        _output = output;
        _provider = new ScriptTraceLoggerProvider(output);
        Logger = _provider.CreateLogger(ApduTrace.Category);
        _channel = channel is null ? null : Trace(channel, reader);
    }

    /// <summary>The trace's logger.</summary>
    public ILogger Logger { get; }

    /// <summary><paramref name="inner"/>, its exchanges printed as trace lines naming <paramref name="reader"/>.</summary>
    public ICardChannel Trace(ICardChannel inner, string reader, SecretCommands? secrets = null) => new TracingCardChannel(inner, Logger, reader, secrets);

    /// <summary>A blank line and the section's title as a comment.</summary>
    public void Section(string title)
    {
        _output.WriteLine();
        _output.WriteLine($"// == {title}");
    }

    /// <summary>A line of the story, as a comment.</summary>
    public void Note(string text) => _output.WriteLine($"// {text}");

    /// <summary>Tells what the command does, then sends it over the printer's channel (its exchange is traced).</summary>
    public ResponseApdu Send(string commandHex, string description)
    {
        ICardChannel channel = _channel ?? throw new InvalidOperationException("This printer has no channel of its own.");
        Note(description);
        return channel.Transmit(Hex.Decode(commandHex).AsSpan());
    }

    public void Dispose() => _provider.Dispose();
}
