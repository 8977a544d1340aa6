using System.Text.RegularExpressions;
using CardOS.Apdu;
using CardOS.Tests.Reader.EndToEnd;

namespace CardOS.Tests.Docs;

/// <summary>
/// A page under docs/, read so that its examples are tested from the page itself: an edit to the page that breaks an
/// example fails the suite. Worked examples are lines <c>name = expression = HEX</c> in fenced blocks, possibly
/// continued by lines <c>= HEX</c>; <see cref="Value"/> returns the hex after the last <c>=</c> (up to <c>...</c> or
/// <c>-&gt;</c>, white space removed).
/// </summary>
internal sealed partial class DocPage
{
    private DocPage(string path, string text)
    {
        Path = path;
        Text = text;
    }

    /// <summary>The page's path under docs/.</summary>
    public string Path { get; }

    /// <summary>The page's text.</summary>
    public string Text { get; }

    /// <summary>Reads docs/<paramref name="relativePath"/>.</summary>
    public static DocPage Read(string relativePath) =>
        new(relativePath, File.ReadAllText(System.IO.Path.Combine(PcscEnvironment.RepositoryRoot, "docs", relativePath)));

    /// <summary>The hex value of the worked-example line that starts with <paramref name="name"/> after <paramref name="heading"/> (a line of the page containing it).</summary>
    public byte[] Value(string heading, string name)
    {
        int from = Text.IndexOf(heading, StringComparison.Ordinal);
        Assert.That(from, Is.GreaterThanOrEqualTo(0), $"{Path}: '{heading}' not found");
        string[] lines = Text[from..].Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string trimmed = lines[i].TrimStart();
            if (!trimmed.StartsWith(name, StringComparison.Ordinal) || !trimmed[name.Length..].TrimStart().StartsWith('='))
                continue;

            // A line that goes on as "           = HEX" below it: the last of those carries the value.
            while (i + 1 < lines.Length && lines[i + 1].TrimStart().StartsWith('='))
                trimmed = lines[++i].TrimStart();
            string value = trimmed[(trimmed.LastIndexOf('=') + 1)..];
            value = value.Split(["...", "->", "…"], StringSplitOptions.None)[0];
            value = NotHex().Replace(value, "");
            return Hex.Decode(value);
        }

        Assert.Fail($"{Path}: no line '{name} = ...' after '{heading}'");
        return [];
    }

    /// <summary>The text after the last <c>-&gt;</c> of the worked-example line <paramref name="name"/> (a value shortened on the page).</summary>
    public byte[] ShortValue(string heading, string name)
    {
        int from = Text.IndexOf(heading, StringComparison.Ordinal);
        string line = Text[from..].Split('\n').First(l => l.TrimStart().StartsWith(name, StringComparison.Ordinal) && l.Contains("->", StringComparison.Ordinal));
        return Hex.Decode(NotHex().Replace(line[(line.LastIndexOf("->", StringComparison.Ordinal) + 2)..], ""));
    }

    [GeneratedRegex("[^0-9A-Fa-f]")]
    private static partial Regex NotHex();
}
