namespace CardOS.Cli.Hosting;

/// <summary>One-line error messages: "cardos COMMAND: what was wrong", never ending in "..".</summary>
internal static class Messages
{
    /// <summary>"<paramref name="command"/>: <paramref name="detail"/>" with exactly one full stop at the end.</summary>
    public static string Line(string command, string detail)
    {
        string text = Trim(detail);
        return text.EndsWith('?') || text.EndsWith('!') ? $"{command}: {text}" : $"{command}: {text}.";
    }

    /// <summary>The text without trailing full stops, spaces or line breaks, and with inner line breaks as spaces.</summary>
    public static string Trim(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.ReplaceLineEndings(" ").TrimEnd('.', ' ');
    }
}
