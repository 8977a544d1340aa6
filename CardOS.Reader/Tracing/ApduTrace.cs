using CardOS.Apdu;
using Microsoft.Extensions.Logging;

namespace CardOS.Reader.Tracing;

/// <summary>
/// The APDU trace: one structured log event per APDU and per power event, whose rendered message is a statement of
/// an APDU script (docs/scripts.md) with a human comment, so that a trace written message by message replays with
/// <c>cardos script</c>:
/// <code>
/// powerup; // slot 0: ATR 3B858131FE458073F021DF73
/// apdu 00A4040008F0436172644F5344; expect 9000; // slot 0: CLA 00 INS A4 (SELECT) P1 04 P2 00 Lc 8 -> 9000 (success), 97 us
/// </code>
/// Structured sinks get the fields: <c>Reader</c>, <c>Command</c> and <c>Response</c> (hex, the response as
/// "DATA SW"), <c>Description</c>, <c>ElapsedMicroseconds</c>, <c>Atr</c>. The data of a secret command
/// (<see cref="SecretCommands"/>: VERIFY, CHANGE REFERENCE DATA and what a card's profile adds) is written as one
/// <c>*</c> per hex digit in the message and in every field, unless the caller passes <see cref="SecretCommands.None"/>.
/// </summary>
public static partial class ApduTrace
{
    /// <summary>The logger category the events are written under.</summary>
    public const string Category = "CardOS.Apdu";

    /// <summary>Traces one exchange; an empty <paramref name="response"/> means the card did not answer.</summary>
    /// <param name="logger">The trace's logger (category <see cref="Category"/>).</param>
    /// <param name="reader">The reader or slot, for the comment ("slot 0").</param>
    /// <param name="command">The command APDU as sent.</param>
    /// <param name="response">The response APDU (data and SW1-SW2) as received.</param>
    /// <param name="elapsed">The time the card took.</param>
    public static void Exchange(ILogger logger, string reader, ReadOnlySpan<byte> command, ReadOnlySpan<byte> response, TimeSpan elapsed) =>
        Exchange(logger, reader, command, response, elapsed, SecretCommands.Iso);

    /// <inheritdoc cref="Exchange(ILogger, string, ReadOnlySpan{byte}, ReadOnlySpan{byte}, TimeSpan)"/>
    /// <param name="logger">The trace's logger (category <see cref="Category"/>).</param>
    /// <param name="reader">The reader or slot, for the comment ("slot 0").</param>
    /// <param name="command">The command APDU as sent.</param>
    /// <param name="response">The response APDU (data and SW1-SW2) as received.</param>
    /// <param name="elapsed">The time the card took.</param>
    /// <param name="secrets">Which commands' data to mask; <see cref="SecretCommands.None"/> shows every byte.</param>
    public static void Exchange(ILogger logger, string reader, ReadOnlySpan<byte> command, ReadOnlySpan<byte> response, TimeSpan elapsed, SecretCommands secrets)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(secrets);
        if (!logger.IsEnabled(LogLevel.Information))
            return;
        long micros = (long)elapsed.TotalMicroseconds;
        string commandHex = secrets.Format(command);
        string described = ApduDescriber.DescribeCommand(command);
        if (commandHex.Contains('*', StringComparison.Ordinal))
            described += " (secret data masked)";
        if (response.Length < 2)
        {
            Unanswered(logger, commandHex, reader, described, micros);
            return;
        }

        var statusWord = StatusWord.ReadFrom(response);
        string answer = response.Length > 2 ? $"{Hex.Encode(response[..^2])} {statusWord}" : statusWord.ToString();
        string description = $"{described} -> {ApduDescriber.DescribeStatusWord(statusWord)}";
        Exchanged(logger, commandHex, answer, reader, description, micros);
    }

    /// <summary>Traces a power-up (cold reset) and the ATR.</summary>
    public static void PowerUp(ILogger logger, string reader, ReadOnlySpan<byte> atr) => PoweredUp(logger, reader, Hex.Encode(atr));

    /// <summary>Traces a warm reset and the ATR.</summary>
    public static void Reset(ILogger logger, string reader, ReadOnlySpan<byte> atr) => WasReset(logger, reader, Hex.Encode(atr));

    /// <summary>Traces a power-down (deactivation or removal).</summary>
    public static void PowerDown(ILogger logger, string reader) => PoweredDown(logger, reader);

    [LoggerMessage(1001, LogLevel.Information, "apdu {Command}; expect {Response}; // {Reader}: {Description}, {ElapsedMicroseconds} us", EventName = "ApduExchanged")]
    private static partial void Exchanged(ILogger logger, string command, string response, string reader, string description, long elapsedMicroseconds);

    [LoggerMessage(1002, LogLevel.Information, "apdu {Command}; expect mute; // {Reader}: {Description} -> no answer, {ElapsedMicroseconds} us", EventName = "ApduUnanswered")]
    private static partial void Unanswered(ILogger logger, string command, string reader, string description, long elapsedMicroseconds);

    [LoggerMessage(1003, LogLevel.Information, "powerup; // {Reader}: ATR {Atr}", EventName = "PoweredUp")]
    private static partial void PoweredUp(ILogger logger, string reader, string atr);

    [LoggerMessage(1004, LogLevel.Information, "reset; // {Reader}: ATR {Atr}", EventName = "Reset")]
    private static partial void WasReset(ILogger logger, string reader, string atr);

    [LoggerMessage(1005, LogLevel.Information, "powerdown; // {Reader}", EventName = "PoweredDown")]
    private static partial void PoweredDown(ILogger logger, string reader);
}
