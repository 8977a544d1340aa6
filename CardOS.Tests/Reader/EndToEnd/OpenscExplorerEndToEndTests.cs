using System.Text.RegularExpressions;

namespace CardOS.Tests.Reader.EndToEnd;

/// <summary>
/// Issue 12, item 7: OpenSC's <c>opensc-explorer</c>, out of the box, against <c>cardos serve --card iso-fs</c> through
/// pcscd: cd, info, cat, asn1, verify CHV1, change CHV1 and update_binary, with the transcript and the card's own trace
/// asserted (docs/applets/iso-filesystem.md, "OpenSC").
/// </summary>
[CancelAfter(120_000)]
[NonParallelizable]
public partial class OpenscExplorerEndToEndTests
{
    private const string Session = """
        cd 3F00
        info
        cat 2F01
        asn1 2F00 1
        cd 7F10
        info 6F01
        cat 6F04
        update_binary 6F01 0 "hello"
        verify CHV1 31323334
        update_binary 6F01 0 "hello"
        cat 6F01
        change CHV1 31323334 35363738
        verify CHV1 31323334
        verify CHV1 35363738
        quit

        """;

    [OneTimeSetUp]
    public void RequireStack()
    {
        PcscEnvironment.RequireRunning();
        PcscEnvironment.RequireTool("opensc-explorer", "opensc");
    }

    [Test]
    public async Task OpenscExplorer_IsoFsCard_WorksOutOfTheBox(CancellationToken token)
    {
        string trace = Path.Combine(Path.GetTempPath(), $"cardos-opensc-{Guid.NewGuid():N}.apdu");
        try
        {
            ProcessResult result;
            using (ServeProcess serve = await ServeProcess.StartAsync(token, "--card", "iso-fs", "--trace", trace))
            {
                result = await Task.Run(() => ProcessRunner.Run("opensc-explorer", ["-r", PcscEnvironment.Reader0], TimeSpan.FromSeconds(60), Session), token);
                Assert.That(await serve.TerminateAsync(token), Is.Zero, serve.Output);
            }

            string transcript = result.StandardOutput;
            Assert.That(result.ExitCode, Is.Zero, transcript + result.StandardError);
            Assert.That(result.TimedOut, Is.False, transcript + result.StandardError);

            // OpenSC before 0.24 turns every card error of READ/UPDATE BINARY into "offset too large" (sc_read_binary
            // checked (size_t)r > todo before r < 0; fixed upstream in "avoid hiding errors in card commands with
            // SC_ERROR_OFFSET_TOO_LARGE"). The card's answer is 6982 either way: the trace below shows it.
            Match version = VersionLine().Match(transcript);
            Assert.That(version.Success, transcript);
            bool hidesErrors = new Version(version.Groups[1].Value) < new Version(0, 24);
            string denied = hidesErrors ? "EF offset too large" : "Security status not satisfied";

            string[] expected =
            [
                "OpenSC [3F00]> info",
                "Dedicated File  ID 3F00",
                "Type attributes:         38",
                "OpenSC [3F00]> cat 2F01",
                "00000000: 43 61 72 64 4F 53 20 64 65 6D 6F 20 63 61 72 64 CardOS demo card",
                "OpenSC [3F00]> asn1 2F00 1",
                "61 Application 1  (17 bytes)",
                "   4F Application 15 (9 bytes)",
                "      F0 43 41 52 44 4F 53 44 46 .CARDOSDF",
                "   50 Application 16 (4 bytes): 44 45 4D 4F DEMO",
                "OpenSC [3F00/7F10]> info 6F01",
                "Working Elementary File  ID 6F01, SFI 01",
                "File size:               24 bytes",
                "EF structure:            Transparent",
                "OpenSC [3F00/7F10]> cat 6F04",
                "OpenSC [3F00/7F10]> update_binary 6F01 0 \"hello\"",
                "OpenSC [3F00/7F10]> verify CHV1 31323334",
                "Code correct.",
                "Total of 5 bytes written to 6F01 at offset 0.",
                "00000000: 68 65 6C 6C 6F 00 00 00 00 00 00 00 00 00 00 00 hello...........",
                "OpenSC [3F00/7F10]> change CHV1 31323334 35363738",
                "PIN changed.",
                "OpenSC [3F00/7F10]> verify CHV1 31323334",
                "Incorrect code, 2 tries left.",
                "OpenSC [3F00/7F10]> verify CHV1 35363738",
                "Code correct.",
            ];
            AssertInOrder(transcript, expected);
            AssertInOrder(result.StandardError, [$"Read failed: {denied}", $"Cannot update 6F01: {denied}"]);

            // The card's side of the same session, from cardos serve --trace: what it answered, byte for byte (secret data masked).
            AssertInOrder(File.ReadAllText(trace),
            [
                "apdu 00A40000023F0000; expect 6F0782013883023F00 9000;",
                "apdu 00B0000010; expect 436172644F532064656D6F2063617264 9000;",
                "apdu 00A40800047F106F0400; expect 6F0F800200088202012183026F04880104 9000;",
                "apdu 00B0000008; expect 6982;",
                "apdu 00D600000568656C6C6F; expect 6982;",
                "apdu 0020000104********; expect 9000;",
                "apdu 00D600000568656C6C6F; expect 9000;",
                "apdu 00B0000018; expect 68656C6C6F00000000000000000000000000000000000000 9000;",
                "apdu 0024000108****************; expect 9000;",
                "apdu 0020000104********; expect 63C2;",
                "apdu 0020000104********; expect 9000;",
            ]);

            // The PINs OpenSC sent (1234, then 5678) are masked in the trace, never written in clear.
            Assert.That(File.ReadAllText(trace), Does.Not.Contain("31323334").And.Not.Contain("35363738"));
        }
        finally
        {
            File.Delete(trace);
        }
    }

    private static void AssertInOrder(string text, string[] expected)
    {
        int at = 0;
        foreach (string line in expected)
        {
            int found = text.IndexOf(line, at, StringComparison.Ordinal);
            Assert.That(found, Is.GreaterThanOrEqualTo(0), $"'{line}' (in this order) is missing from:\n{text}");
            at = found + line.Length;
        }
    }

    [GeneratedRegex(@"OpenSC Explorer version (\d+\.\d+(?:\.\d+)?)")]
    private static partial Regex VersionLine();
}
