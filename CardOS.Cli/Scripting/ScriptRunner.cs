using CardOS.Apdu;

namespace CardOS.Cli.Scripting;

/// <summary>Runs an <see cref="ApduScript"/> against a card, stopping at the first failed expectation.</summary>
internal sealed class ScriptRunner(IScriptTarget target, TextWriter output)
{
    /// <summary>Runs the script; returns the outcome (and prints the exchanges while output is on).</summary>
    public ScriptResult Run(ApduScript script)
    {
        ArgumentNullException.ThrowIfNull(script);
        bool show = true;
        byte[]? lastCommand = null;
        ResponseApdu? lastResponse = null;
        int commands = 0;
        var buffer = new byte[CardChannelExtensions.MaxResponseLength];

        foreach (ScriptStatement statement in script.Statements)
        {
            switch (statement)
            {
                case PowerUpStatement:
                    byte[] atr = target.PowerUp();
                    if (show)
                        output.WriteLine($"ATR {Hex.Encode(atr)}");
                    break;
                case PowerDownStatement:
                    target.PowerDown();
                    break;
                case ResetStatement:
                    byte[] resetAtr = target.Reset();
                    if (show)
                        output.WriteLine($"ATR {Hex.Encode(resetAtr)}");
                    break;
                case EchoStatement echo:
                    output.WriteLine(echo.Text);
                    break;
                case OutputStatement outputStatement:
                    show = outputStatement.Enabled;
                    break;
                case DelayStatement:
                    break;
                case PowerCutStatement cut:
                    try
                    {
                        target.SchedulePowerCut(cut.Writes);
                    }
                    catch (NotSupportedException e)
                    {
                        return ScriptResult.Failed(cut.Line, commands, $"line {cut.Line}: {e.Message}");
                    }

                    break;
                case ApduStatement apdu:
                    lastCommand = apdu.Command;
                    commands++;
                    try
                    {
                        int length = target.Transmit(apdu.Command, buffer);
                        lastResponse = ResponseApdu.Parse(buffer.AsSpan(0, length));
                    }
                    catch (CardConnectionException)
                    {
                        lastResponse = null;
                    }

                    if (show)
                        output.WriteLine($"> {Hex.Encode(apdu.Command)}\n< {(lastResponse is null ? "(mute)" : Format(lastResponse))}");
                    break;
                case MaskedApduStatement masked:
                    return ScriptResult.Failed(masked.Line, commands, $"line {masked.Line}: this command's data was masked as a secret when it was traced, so it cannot be sent");
                case ExpectStatement expect:
                    if (lastCommand is null)
                        return ScriptResult.Failed(expect.Line, commands, $"line {expect.Line}: expect has no command before it.");
                    string? mismatch = Compare(expect, lastResponse);
                    if (mismatch is not null)
                        return ScriptResult.Failed(expect.Line, commands, $"line {expect.Line}: response does not match\n  command  {Hex.Encode(lastCommand)}\n{mismatch}");
                    break;
            }
        }

        return ScriptResult.Passed(commands);
    }

    private static string Format(ResponseApdu response) =>
        response.Data.IsEmpty ? response.StatusWord.ToString() : $"{Hex.Encode(response.Data.Span)} {response.StatusWord}";

    private static string? Compare(ExpectStatement expect, ResponseApdu? actual)
    {
        if (expect.Mute)
            return actual is null ? null : $"  expected (mute)\n  got      {Format(actual)}";
        if (actual is null)
            return $"  expected {expect.Data ?? string.Empty} {expect.StatusWord}\n  got      (mute)";

        string actualData = Hex.Encode(actual.Data.Span);
        string actualStatus = actual.StatusWord.ToString();
        bool dataMatches = expect.Data is null or "*" || Matches(expect.Data, actualData);
        bool statusMatches = Matches(expect.StatusWord!, actualStatus);
        if (dataMatches && statusMatches)
            return null;

        string expected = expect.Data is null ? expect.StatusWord! : $"{expect.Data} {expect.StatusWord}";
        string got = expect.Data is null ? actualStatus : $"{actualData} {actualStatus}";
        int column = FirstDifference(expected, got);
        return $"  expected {expected}\n  got      {got}\n           {new string(' ', column)}^";
    }

    private static bool Matches(string pattern, string actual)
    {
        if (pattern.Length != actual.Length)
            return false;
        for (int i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] != '?' && pattern[i] != actual[i])
                return false;
        }

        return true;
    }

    private static int FirstDifference(string expected, string got)
    {
        int length = Math.Min(expected.Length, got.Length);
        for (int i = 0; i < length; i++)
        {
            if (expected[i] != '?' && expected[i] != got[i])
                return i;
        }

        return length;
    }
}
