using CardOS.Apdu;

namespace CardOS.Tests.FileSystem;

/// <summary>Runs "command -> response" steps (hex, spaces allowed) and asserts each response byte for byte.</summary>
internal static class Transcript
{
    public static void Run(ICardChannel channel, params string[] steps)
    {
        foreach (string step in steps)
        {
            int arrow = step.IndexOf("->", StringComparison.Ordinal);
            if (arrow < 0)
                throw new ArgumentException($"A step reads \"command -> response\"; got \"{step}\".", nameof(steps));
            string command = step[..arrow];
            string expected = Hex.Encode(Hex.Decode(step[(arrow + 2)..]));
            ResponseApdu response = channel.Transmit(command);
            Assert.That(Hex.Encode(response.ToArray()), Is.EqualTo(expected), $"response to {command.Trim()}");
        }
    }
}
