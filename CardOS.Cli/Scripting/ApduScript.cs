using System.Globalization;
using System.Text;
using CardOS.Apdu;

namespace CardOS.Cli.Scripting;

/// <summary>
/// An APDU script: the apdutool format of the JavaCard development kit (statements ending in <c>;</c>, APDUs as
/// <c>0xNN</c> tokens CLA INS P1 P2 LC data LE, <c>powerup;</c>, <c>powerdown;</c>, <c>echo "…";</c>,
/// <c>output on|off;</c>, <c>delay N;</c>, <c>//</c> comments) extended with <c>apdu HEX;</c>, <c>reset;</c>,
/// <c>expect …;</c> assertions and <c>powercut N;</c> directives. docs/scripts.md specifies it.
/// </summary>
internal sealed class ApduScript
{
    private ApduScript(IReadOnlyList<ScriptStatement> statements) => Statements = statements;

    public IReadOnlyList<ScriptStatement> Statements { get; }

    /// <summary>Parses a script, throwing <see cref="FormatException"/> with the line number of the first error.</summary>
    public static ApduScript Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var statements = new List<ScriptStatement>();
        foreach ((int line, string body) in SplitStatements(text))
            statements.Add(ParseStatement(line, body));
        if (!statements.Exists(statement => statement is ApduStatement or MaskedApduStatement))
        {
            int last = text.AsSpan().TrimEnd().Count('\n') + 1;
            throw new FormatException(statements.Count == 0
                ? $"line {last}: the script is empty: it has no statement (a statement ends with ';')"
                : $"line {last}: the script sends no command APDU, so it tests nothing");
        }

        return new ApduScript(statements);
    }

    private static ScriptStatement ParseStatement(int line, string body)
    {
        string[] words = body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        string keyword = words[0].ToLowerInvariant();
        try
        {
            return keyword switch
            {
                "powerup" when words.Length == 1 => new PowerUpStatement(line),
                "powerdown" when words.Length == 1 => new PowerDownStatement(line),
                "reset" when words.Length == 1 => new ResetStatement(line),
                "echo" => new EchoStatement(line, ParseQuoted(line, body[4..].Trim())),
                "output" when words.Length == 2 && words[1] is "on" or "off" => new OutputStatement(line, words[1] == "on"),
                "delay" when words.Length == 2 => new DelayStatement(line, ParseDelay(line, words[1])),
                "powercut" when words.Length == 2 => new PowerCutStatement(line, ParseNonNegative(line, words[1])),
                "apdu" => ParseRawApdu(line, string.Concat(words.Skip(1))),
                "expect" => ParseExpect(line, words),
                _ when keyword.StartsWith("0x", StringComparison.Ordinal) => new ApduStatement(line, ParseApdutoolApdu(line, words)),
                _ => throw new FormatException($"line {line}: unknown statement '{body}'."),
            };
        }
        catch (FormatException e) when (!e.Message.StartsWith("line ", StringComparison.Ordinal))
        {
            throw new FormatException($"line {line}: {e.Message}", e);
        }
    }

    /// <summary>CLA INS P1 P2 LC [data] LE, every byte as 0xNN: LC '00' means no data field, LE '00' no Le field.</summary>
    private static byte[] ParseApdutoolApdu(int line, string[] words)
    {
        var bytes = new byte[words.Length];
        for (int i = 0; i < words.Length; i++)
        {
            string word = words[i];
            if (!word.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || word.Length is < 3 or > 4
                || !byte.TryParse(word.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
                throw new FormatException($"line {line}: '{word}' is not a byte written 0xNN.");
        }

        if (bytes.Length < 6 || bytes.Length != 6 + bytes[4])
            throw new FormatException($"line {line}: an apdutool APDU is CLA INS P1 P2 LC, LC data bytes, then LE ({bytes.Length} bytes given, LC {(bytes.Length > 4 ? bytes[4] : 0)}).");
        int ne = bytes[^1];
        return new CommandApdu(bytes[0], bytes[1], bytes[2], bytes[3], bytes.AsSpan(5, bytes[4]), ne).ToArray();
    }

    private static ExpectStatement ParseExpect(int line, string[] words)
    {
        if (words.Length == 2 && words[1].Equals("mute", StringComparison.OrdinalIgnoreCase))
            return new ExpectStatement(line, null, null, Mute: true);
        if (words.Length is < 2 or > 3)
            throw new FormatException($"line {line}: expect takes [DATA] SW, or mute.");
        string statusWord = CheckPattern(line, words[^1].ToUpperInvariant());
        if (statusWord.Length != 4)
            throw new FormatException($"line {line}: a status word pattern has four hex digits (or ?), not '{words[^1]}'.");
        string? data = words.Length == 3 ? CheckPattern(line, words[1].ToUpperInvariant()) : null;
        return new ExpectStatement(line, data, statusWord, Mute: false);
    }

    private static string CheckPattern(int line, string pattern)
    {
        if (pattern == "*")
            return pattern;
        foreach (char c in pattern)
        {
            if (!char.IsAsciiHexDigit(c) && c != '?')
                throw new FormatException($"line {line}: '{pattern}' is not a hex pattern (hex digits, ? for any digit, or * for any data).");
        }

        return pattern.Length % 2 == 0 ? pattern : throw new FormatException($"line {line}: '{pattern}' has an odd number of digits.");
    }

    /// <summary>
    /// <c>apdu HEX;</c>, where a trace that masked a secret (docs/scripts.md, "Masked secrets") wrote <c>*</c> for each
    /// hidden hex digit: such a command parses, but cannot be sent.
    /// </summary>
    private static ScriptStatement ParseRawApdu(int line, string hex)
    {
        if (hex.Length == 0)
            throw new FormatException($"line {line}: apdu takes the command's bytes in hex");
        if (hex.Contains('*', StringComparison.Ordinal))
        {
            foreach (char c in hex)
            {
                if (!char.IsAsciiHexDigit(c) && c != '*')
                    throw new FormatException($"line {line}: '{hex}' is not hex (masked digits are '*')");
            }

            return hex.Length % 2 == 0
                ? new MaskedApduStatement(line, hex.ToUpperInvariant())
                : throw new FormatException($"line {line}: '{hex}' has an odd number of digits");
        }

        return new ApduStatement(line, Hex.Decode(hex));
    }

    private static int ParseDelay(int line, string word) =>
        int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new FormatException($"line {line}: delay takes milliseconds from 0 to {int.MaxValue:N0}, not '{word}'");

    private static int ParseNonNegative(int line, string word) =>
        int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new FormatException($"line {line}: '{word}' is not a write count.");

    private static string ParseQuoted(int line, string text) =>
        text.Length >= 2 && text[0] == '"' && text[^1] == '"'
            ? text[1..^1]
            : throw new FormatException($"line {line}: echo takes a quoted string.");

    /// <summary>Splits on ';' outside quotes, dropping // and /* */ comments, with each statement's starting line.</summary>
    private static IEnumerable<(int Line, string Body)> SplitStatements(string text)
    {
        var current = new StringBuilder();
        int line = 1;
        int startLine = 1;
        bool inString = false;
        int stringLine = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (!inString && c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] != '\n')
                    i++;
                i--;
                continue;
            }

            if (!inString && c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                int end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0)
                    throw new FormatException($"line {line}: this '/*' comment is never closed with '*/', so the rest of the script would be ignored");
                int stop = end + 2;
                line += text.AsSpan(i, stop - i).Count('\n');
                i = stop - 1;
                continue;
            }

            if (c == '\n')
                line++;
            if (c == '"')
            {
                inString = !inString;
                if (inString)
                    stringLine = line;
            }
            if (c == ';' && !inString)
            {
                string body = current.ToString().Trim();
                if (body.Length > 0)
                    yield return (startLine, body);
                current.Clear();
                continue;
            }

            if (current.Length == 0 && char.IsWhiteSpace(c))
                continue;
            if (current.Length == 0)
                startLine = line;
            current.Append(c);
        }

        if (inString)
            throw new FormatException($"line {stringLine}: this string is never closed with '\"', so the rest of the script would be part of it");
        if (current.ToString().Trim().Length > 0)
            throw new FormatException($"line {startLine}: the last statement has no ';'.");
    }
}
