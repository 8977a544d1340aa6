using CardOS.Apdu;

namespace CardOS.Tests.BankHierarchy;

/// <summary>
/// Runs "command > response" steps (hex, spaces allowed) and asserts each response byte for byte; "??" in an expected
/// response matches any one byte (random data).
/// </summary>
internal static class BankTranscript
{
    public static void Run(ICardChannel channel, params string[] steps)
    {
        foreach (string step in steps)
        {
            int arrow = step.IndexOf('>', StringComparison.Ordinal);
            if (arrow < 0)
                throw new ArgumentException($"A step reads \"command > response\"; got \"{step}\".", nameof(steps));
            string command = step[..arrow];
            string expected = step[(arrow + 1)..].Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
            string actual = Hex.Encode(channel.Transmit(command).ToArray());
            Assert.That(Matches(actual, expected), Is.True, $"response to {command.Trim()}: expected {expected}, got {actual}");
        }
    }

    private static bool Matches(string actual, string expected)
    {
        if (actual.Length != expected.Length)
            return false;
        for (int i = 0; i < expected.Length; i++)
        {
            if (expected[i] != '?' && expected[i] != actual[i])
                return false;
        }

        return true;
    }
}

/// <summary>A channel that writes every exchange to a log as "name: command > response".</summary>
internal sealed class RecordingChannel(ICardChannel inner, string name, List<string> log) : ICardChannel
{
    public int Transmit(ReadOnlySpan<byte> command, Span<byte> response)
    {
        int length = inner.Transmit(command, response);
        log.Add($"{name}: {Hex.Encode(command)} > {Hex.Encode(response[..length])}");
        return length;
    }
}
