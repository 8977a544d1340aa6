using System.Text;
using System.Text.RegularExpressions;
using CardOS.Apdu;
using CardOS.Cli.Profiles;
using CardOS.Cli.Scripting;
using CardOS.Reader.InProcess;
using CardOS.Runtime;
using CardOS.Tests.Purse;
using CardOS.Tests.Reader.EndToEnd;

namespace CardOS.Tests.Docs;

/// <summary>
/// Every runnable example in docs/*.md and docs/applets/*.md, and every scriptor file in docs/examples/, runs here
/// against fresh in-process cards, so a doc edit that breaks an example fails the suite.
/// </summary>
/// <remarks>
/// <para>Marker convention (the info string of a fenced block):</para>
/// <list type="bullet">
/// <item><c>```apdu PROFILE</c>: one card of the <c>cardos serve --card PROFILE</c> profile. Each line is
/// <c>COMMAND &gt; RESPONSE</c> in hex (spaces and <c>|</c> ignored); a line that starts with white space and
/// <c>&gt;</c> carries the response of the line before; a trailing <c>(...)</c> is a comment; <c>reset</c> is a warm reset.</item>
/// <item><c>```apdu P=PROFILE S=PROFILE L=PROFILE</c>: several cards, each named by a letter; every line starts with
/// the letter of the card it goes to.</item>
/// <item><c>```apdutool PROFILE</c>: an APDU script (docs/scripts.md), run by <c>cardos script</c>'s engine against
/// one card of PROFILE; it must pass.</item>
/// <item><c>```sh cardos</c>: <c>cardos</c> command lines that need no reader (issue, inspect, script, ...), run in
/// order in an empty directory; each must exit 0. A <c>#</c> starts a comment.</item>
/// <item>docs/examples/*.scriptor: a scriptor file whose header names <c>cardos serve --card PROFILE</c>; each command
/// is checked against the <c># =&gt;</c> answer after it.</item>
/// </list>
/// <para>The n-th card a block names is built with <c>RandomSeed = n</c> and a clock at 2026-01-15 12:00 UTC, so
/// answers that carry card randomness (the PSAM's recovery challenge) replay exactly. Blocks with other info strings
/// (<c>text</c>, <c>csharp</c>, <c>sh</c>, none) are not run; <see cref="UnmarkedBlocks_HoldNoApduExchange"/> fails for an
/// APDU exchange left in such a block.</para>
/// </remarks>
public partial class DocExampleTests
{
    public static IEnumerable<TestCaseData> RunnableBlocks()
    {
        foreach (Block block in AllBlocks())
        {
            if (block.Info.StartsWith("apdu ", StringComparison.Ordinal) || block.Info.StartsWith("apdutool ", StringComparison.Ordinal) || block.Info == "sh cardos")
                yield return new TestCaseData(block.Page, block.Line).SetName($"DocExample({block.Page}:{block.Line})");
        }
    }

    public static IEnumerable<TestCaseData> ScriptorFiles()
    {
        foreach (string file in Directory.GetFiles(Path.Combine(DocsRoot, "examples"), "*.scriptor"))
            yield return new TestCaseData(Path.GetFileName(file)).SetName($"DocScriptor({Path.GetFileName(file)})");
    }

    [TestCaseSource(nameof(RunnableBlocks))]
    public void Block_RunsAsWritten(string page, int line)
    {
        Block block = AllBlocks().Single(b => b.Page == page && b.Line == line);
        string[] words = block.Info.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (block.Info == "sh cardos")
        {
            RunCardosLines(block);
            return;
        }

        if (words[0] == "apdutool")
        {
            Assert.That(words, Has.Length.EqualTo(2), $"{page}:{line}: apdutool takes one profile");
            Card card = Build(words[1], 1);
            var output = new StringWriter();
            ScriptResult result = new ScriptRunner(new InProcessScriptTarget(card), output).Run(ApduScript.Parse(block.Text));
            Assert.That(result.Success, $"{page}:{line}: {result.Message}\n{output}");
            return;
        }

        var cards = new Dictionary<string, InProcessReader>();
        for (int i = 1; i < words.Length; i++)
        {
            string[] named = words[i].Split('=');
            cards[named.Length == 2 ? named[0] : ""] = new InProcessReader(Build(named[^1], i));
        }

        int exchanges = 0;
        foreach ((int number, string text) in Exchanges(block))
        {
            string card = cards.ContainsKey("") ? "" : text[..1];
            string body = card.Length == 0 ? text : text[1..];
            Assert.That(cards, Does.ContainKey(card), $"{page}:{number}: the line names no card of the block: {text}");
            if (body.Trim() == "reset")
            {
                cards[card].Reset();
                continue;
            }

            string[] parts = body.Split('>');
            Assert.That(parts, Has.Length.EqualTo(2), $"{page}:{number}: COMMAND > RESPONSE: {text}");
            string expected = Hex.Encode(Hex.Decode(Clean(parts[1])));
            string actual = cards[card].Transmit(Hex.Decode(Clean(parts[0]))).ToString();
            Assert.That(actual, Is.EqualTo(expected), $"{page}:{number}: {text}");
            exchanges++;
        }

        Assert.That(exchanges, Is.Positive, $"{page}:{line}: an empty example");
    }

    private static void RunCardosLines(Block block)
    {
        string directory = Path.Combine(Path.GetTempPath(), $"cardos-doc-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            string cli = Path.Combine(TestContext.CurrentContext.TestDirectory, "CardOS.Cli.dll");
            int ran = 0;
            foreach ((int number, string text) in Exchanges(block))
            {
                string command = text.Split('#')[0].Trim();
                Assert.That(command, Does.StartWith("cardos ").And.Not.EndWith("&"), $"{block.Page}:{number}: a 'sh cardos' line is one cardos command that ends");
                // sh runs the command in the block's directory: cd "$0", then the arguments as they are (no shell parsing).
                string[] arguments = ["-c", "cd \"$0\" && exec \"$@\"", directory, Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", cli,
                    .. Arguments().Matches(command[7..]).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Value)];
                ProcessResult result = ProcessRunner.Run("/bin/sh", arguments, TimeSpan.FromMinutes(1));
                Assert.That(result.ExitCode, Is.Zero, $"{block.Page}:{number}: {command}\n{result.StandardOutput}{result.StandardError}");
                ran++;
            }

            Assert.That(ran, Is.Positive);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestCaseSource(nameof(ScriptorFiles))]
    public void Scriptor_RunsAsWritten(string file)
    {
        string[] lines = File.ReadAllLines(Path.Combine(DocsRoot, "examples", file));
        Match profile = ServeProfile().Match(string.Join('\n', lines));
        Assert.That(profile.Success, $"{file}: the header names no 'cardos serve --card PROFILE'");
        var reader = new InProcessReader(Build(profile.Groups[1].Value, 1));
        string? answer = null;
        int checkedAnswers = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.StartsWith("# =>", StringComparison.Ordinal))
            {
                Assert.That(answer, Is.Not.Null, $"{file}:{i + 1}: an answer without a command");
                Assert.That(answer, Is.EqualTo(line[4..].Trim()), $"{file}:{i + 1}");
                answer = null;
                checkedAnswers++;
            }
            else if (line.Length > 0 && !line.StartsWith('#'))
            {
                Assert.That(answer, Is.Null, $"{file}:{i + 1}: the command before has no '# =>' answer");
                if (line == "reset")
                {
                    reader.Reset();
                    answer = "OK";
                }
                else
                {
                    answer = Spaced(reader.Transmit(Hex.Decode(line)));
                }
            }
        }

        Assert.That(checkedAnswers, Is.Positive, file);
    }

    [Test]
    public void UnmarkedBlocks_HoldNoApduExchange()
    {
        var offenders = new List<string>();
        foreach (Block block in AllBlocks())
        {
            if (block.Info.StartsWith("apdu", StringComparison.Ordinal))
                continue;
            foreach (string line in block.Text.Split('\n'))
            {
                if (ApduExchange().IsMatch(line))
                    offenders.Add($"{block.Page}:{block.Line}: {line.Trim()}");
            }
        }

        Assert.That(offenders, Is.Empty, "APDU exchanges in blocks not marked ```apdu PROFILE (so never run)");
    }

    [TestCase("applets/purse.md", 10)]
    [TestCase("scripts.md", 1)]
    public void Page_HasRunnableExamples(string page, int atLeast) =>
        Assert.That(AllBlocks().Count(b => b.Page == page && b.Info.StartsWith("apdu", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(atLeast));

    private static string DocsRoot => Path.Combine(PcscEnvironment.RepositoryRoot, "docs");

    private static Card Build(string profileName, int seed)
    {
        CardProfile profile = CardProfiles.Find(profileName) ?? throw new AssertionException($"no card profile '{profileName}'");
        var card = new Card(profile.Options with { RandomSeed = seed, TimeProvider = FixedTime.Default });
        profile.Install(card);
        return card;
    }

    private static string Clean(string hex)
    {
        int comment = hex.IndexOf('(', StringComparison.Ordinal);
        return (comment >= 0 ? hex[..comment] : hex).Replace("|", "", StringComparison.Ordinal);
    }

    private static string Spaced(ResponseApdu response)
    {
        byte[] bytes = Hex.Decode(response.ToString());
        var text = new StringBuilder();
        foreach (byte b in bytes)
            text.Append(text.Length == 0 ? "" : " ").Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        return text.ToString();
    }

    /// <summary>The block's exchanges, continuation lines joined: (line number in the page, text).</summary>
    private static List<(int Line, string Text)> Exchanges(Block block)
    {
        var exchanges = new List<(int, string)>();
        string[] lines = block.Text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
                continue;
            if (line.TrimStart().StartsWith('>') && exchanges.Count > 0)
            {
                (int number, string text) = exchanges[^1];
                exchanges[^1] = (number, text + " " + line.Trim());
                continue;
            }

            exchanges.Add((block.Line + 1 + i, line.Trim()));
        }

        return exchanges;
    }

    private static List<Block> AllBlocks()
    {
        var blocks = new List<Block>();
        IEnumerable<string> pages = Directory.GetFiles(DocsRoot, "*.md").Concat(Directory.GetFiles(Path.Combine(DocsRoot, "applets"), "*.md"));
        foreach (string path in pages.Order(StringComparer.Ordinal))
        {
            string page = Path.GetRelativePath(DocsRoot, path).Replace('\\', '/');
            string[] lines = File.ReadAllLines(path);
            for (int i = 0; i < lines.Length; i++)
            {
                if (!lines[i].StartsWith("```", StringComparison.Ordinal))
                    continue;
                int end = Array.FindIndex(lines, i + 1, l => l.StartsWith("```", StringComparison.Ordinal));
                Assert.That(end, Is.Positive, $"{page}:{i + 1}: an unclosed fence");
                blocks.Add(new Block(page, i + 1, lines[i][3..].Trim(), string.Join('\n', lines[(i + 1)..end])));
                i = end;
            }
        }

        return blocks;
    }

    [GeneratedRegex("\"([^\"]*)\"|\\S+")]
    private static partial Regex Arguments();

    [GeneratedRegex(@"cardos serve --card ([\w-]+)")]
    private static partial Regex ServeProfile();

    /// <summary>A line that looks like an APDU and its answer: 8+ hex digits, then '>' and hex.</summary>
    [GeneratedRegex(@"^\s*([A-Z]\s+)?[0-9A-F]{8}[0-9A-F ]*>\s*[0-9A-F…]")]
    private static partial Regex ApduExchange();

    private sealed record Block(string Page, int Line, string Info, string Text);
}
