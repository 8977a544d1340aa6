using CardOS.Apdu;
using CardOS.Cli.Profiles;
using CardOS.Cli.Scripting;
using CardOS.Reader.InProcess;
using CardOS.Reader.Tracing;
using CardOS.Runtime;
using Microsoft.Extensions.Logging;

namespace CardOS.Tests.Reader.Tracing;

/// <summary>Secret command data (PINs, keys) in the APDU trace: masked in the message and in every structured field.</summary>
public class SecretCommandsTests
{
    [TestCase("002000810431323334", "0020008104********", Description = "VERIFY, case 3 short")]
    [TestCase("0024000108313233343536373800", "0024000108****************00", Description = "CHANGE REFERENCE DATA, case 4 short: Le stays")]
    [TestCase("002C000004AABBCCDD", "002C000004********", Description = "RESET RETRY COUNTER")]
    [TestCase("01200081043132333400", "0120008104********00", Description = "VERIFY on logical channel 1, with Le")]
    [TestCase("0020008100000431323334", "00200081000004********", Description = "VERIFY, case 3 extended")]
    [TestCase("0020008100", "0020008100", Description = "VERIFY without data: the retry counter query shows")]
    [TestCase("8020000004AABBCCDD", "8020000004AABBCCDD", Description = "a proprietary class is not ISO VERIFY")]
    [TestCase("00A4040005F000000001", "00A4040005F000000001", Description = "SELECT is not secret")]
    [TestCase("0020", "0020", Description = "not a command APDU: shown as it is")]
    [TestCase("002000810531323334", "00200081**********", Description = "VERIFY whose Lc says 5 for 4 bytes: all after the header masked")]
    [TestCase("0020008131323334", "00200081********", Description = "VERIFY with the PIN where Lc belongs: all after the header masked")]
    public void Iso_Format_MasksTheDataOfSecretCommands(string command, string expected)
    {
        Assert.That(SecretCommands.Iso.Format(Convert.FromHexString(command)), Is.EqualTo(expected));
    }

    [TestCase("8020000004AABBCCDD", "8020000004********")]
    [TestCase("8010000003AABBCC", "8010000003******")]
    [TestCase("8030000000", "8030000000")]
    public void BankProfile_Format_MasksItsProprietarySecrets(string command, string expected)
    {
        Assert.That(CardProfiles.BankSecrets.Format(Convert.FromHexString(command)), Is.EqualTo(expected));
        Assert.That(CardProfiles.Find("bank-user")!.Secrets, Is.SameAs(CardProfiles.BankSecrets));
    }

    [Test]
    public void None_Format_ShowsEveryByte()
    {
        Assert.That(SecretCommands.None.Format(Convert.FromHexString("002000810431323334")), Is.EqualTo("002000810431323334"));
    }

    [Test]
    public void TracingChannel_Verify_MasksThePinInTheMessageAndEveryField()
    {
        Card card = CardProfiles.Find("iso-fs")!.CreateCard();
        var logger = new CapturingLogger();
        var channel = new TracingCardChannel(new InProcessReader(card), logger, "card");

        channel.Transmit("00A4040C09F0434152444F534653");
        ResponseApdu verify = channel.Transmit("002000810431323334");

        Assert.That(verify.StatusWord, Is.EqualTo(StatusWord.Success), "the card got the real PIN");
        (string message, IReadOnlyList<KeyValuePair<string, object?>> fields) = logger.Events[1];
        Assert.That(message, Does.StartWith("apdu 0020008104********; expect 9000; // card: CLA 00 INS 20 (VERIFY) P1 00 P2 81 Lc 4 (secret data masked) -> 9000"));
        Assert.That(fields.Single(field => field.Key == "Command").Value, Is.EqualTo("0020008104********"));
        foreach (KeyValuePair<string, object?> field in fields)
            Assert.That(field.Value?.ToString() ?? string.Empty, Does.Not.Contain("31323334"), field.Key);
    }

    [Test]
    public void MaskedTrace_Replay_SaysItCannotSendTheSecretCommand_UnmaskedTraceReplays()
    {
        string masked = Session(SecretCommands.Iso);
        string clear = Session(SecretCommands.None);

        Assert.That(masked, Does.Contain("apdu 0020008104********;"));
        Assert.That(Replay(masked), Is.EqualTo(2));
        Assert.That(Replay(clear), Is.Zero);
    }

    private static string Session(SecretCommands secrets)
    {
        Card card = CardProfiles.Find("iso-fs")!.CreateCard();
        var lines = new StringWriter();
        using var provider = new ScriptTraceLoggerProvider(lines);
        ILogger trace = provider.CreateLogger(ApduTrace.Category);
        ApduTrace.PowerUp(trace, "card", card.PowerOn());
        var channel = new TracingCardChannel(new InProcessReader(card), trace, "card", secrets);
        channel.Transmit("00A4040C09F0434152444F534653");
        channel.Transmit("002000810431323334");
        channel.Transmit("00D681000401020304");
        return lines.ToString();
    }

    private static int Replay(string script)
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, script);
            return CardOS.Cli.Commands.ScriptCommand.Run(path, "iso-fs", imagePath: null, readerName: null, TextWriter.Null, TextWriter.Null, TextWriter.Null);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class CapturingLogger : ILogger
    {
        public List<(string Message, IReadOnlyList<KeyValuePair<string, object?>> Fields)> Events { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Events.Add((formatter(state, exception), state as IReadOnlyList<KeyValuePair<string, object?>> ?? []));
    }
}
