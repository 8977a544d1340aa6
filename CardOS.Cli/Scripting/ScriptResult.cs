namespace CardOS.Cli.Scripting;

/// <summary>How a script run ended: passed, or failed at a line with a message (the diff).</summary>
internal sealed record ScriptResult(bool Success, int Line, int Commands, string Message)
{
    public static ScriptResult Passed(int commands) => new(true, 0, commands, $"passed: {commands} commands");

    public static ScriptResult Failed(int line, int commands, string message) => new(false, line, commands, message);
}
