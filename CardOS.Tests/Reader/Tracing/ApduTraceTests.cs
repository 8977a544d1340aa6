using CardOS.Apdu;
using CardOS.Cli.Commands;
using CardOS.Cli.Profiles;
using CardOS.Cli.Scripting;
using CardOS.Reader.InProcess;
using CardOS.Reader.Tracing;
using CardOS.Runtime;
using Microsoft.Extensions.Logging;

namespace CardOS.Tests.Reader.Tracing;

/// <summary>The APDU trace: one structured log line per APDU, each a script statement that <c>cardos script</c> replays.</summary>
public class ApduTraceTests
{
    private const string SelectDiagnostic = "00A4040008F0436172644F5344";

    [Test]
    public void TracingChannel_Exchanges_OneScriptLinePerApduWithADecodedComment()
    {
        Card card = CardProfiles.Find("diagnostic")!.CreateCard();
        (ICardChannel channel, StringWriter lines) = Traced(new InProcessReader(card), "alice");

        channel.Transmit(SelectDiagnostic);
        channel.Transmit("8014000004");
        channel.Transmit("00A4040005F000000099");

        string[] trace = Lines(lines);
        Assert.That(trace, Has.Length.EqualTo(3));
        Assert.That(trace[0], Does.Match(@"^apdu 00A4040008F0436172644F5344; expect 9000; // alice: CLA 00 INS A4 \(SELECT\) P1 04 P2 00 Lc 8 -> 9000 \(success\), \d+ us$"));
        Assert.That(trace[1], Does.Match(@"^apdu 8014000004; expect 00000001 9000; // alice: CLA 80 INS 14 P1 00 P2 00 Le 4 -> 9000 \(success\), \d+ us$"));
        Assert.That(trace[2], Does.Match(@"^apdu 00A4040005F000000099; expect 6A82; // alice: .* -> 6A82 \(file or application not found\), \d+ us$"));
    }

    [Test]
    public void TracingChannel_MuteCard_TracesExpectMuteAndRethrows()
    {
        Card card = CardProfiles.Find("diagnostic")!.CreateCard();
        var reader = new InProcessReader(card);
        card.PowerOff();
        (ICardChannel channel, StringWriter lines) = Traced(reader, "slot 3");

        Assert.Throws<CardConnectionException>(() => channel.Transmit(SelectDiagnostic));

        Assert.That(Lines(lines).Single(), Does.Match(@"^apdu 00A4040008F0436172644F5344; expect mute; // slot 3: .* -> no answer, \d+ us$"));
    }

    [Test]
    public void Trace_OfASession_ReplaysWithCardosScriptAgainstAFreshCard()
    {
        Card card = CardProfiles.Find("diagnostic")!.CreateCard();
        var lines = new StringWriter();
        using var provider = new ScriptTraceLoggerProvider(lines);
        ILogger trace = provider.CreateLogger(ApduTrace.Category);
        ApduTrace.PowerUp(trace, "card", card.PowerOn());
        var channel = new TracingCardChannel(new InProcessReader(card), trace);
        channel.Transmit(SelectDiagnostic);
        channel.Transmit("8014000004");
        channel.Transmit("8010000003CAFE0100");
        ApduTrace.Reset(trace, "card", card.Reset());
        channel.Transmit("8014000004");
        channel.Transmit(SelectDiagnostic);
        channel.Transmit("8014000004");
        ApduTrace.PowerDown(trace, "card");
        card.PowerOff();

        (int exit, string output, string error) = Replay(lines.ToString());

        Assert.That(exit, Is.Zero, error + lines);
        Assert.That(output, Does.Contain("passed: 6 commands"));
    }

    [Test]
    public void Trace_ReplayedAgainstACardInAnotherState_FailsWithTheDiff()
    {
        // The recorded card had counted to 1 already; a fresh card answers 1 where the trace expects 2.
        Card card = CardProfiles.Find("diagnostic")!.CreateCard();
        card.PowerOn();
        var reader = new InProcessReader(card);
        reader.Transmit(SelectDiagnostic);
        reader.Transmit("8014000004");
        (ICardChannel channel, StringWriter lines) = Traced(reader, "card");
        channel.Transmit("8014000004");

        (int exit, _, string error) = Replay("powerup;\napdu " + SelectDiagnostic + ";\n" + lines);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain("expected 00000002 9000").And.Contain("got      00000001 9000"));
    }

    private static (ICardChannel Channel, StringWriter Lines) Traced(ICardChannel inner, string reader)
    {
        var lines = new StringWriter();
        ILogger logger = new ScriptTraceLoggerProvider(lines).CreateLogger(ApduTrace.Category);
        return (new TracingCardChannel(inner, logger, reader), lines);
    }

    private static string[] Lines(StringWriter writer) => writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    private static (int Exit, string Output, string Error) Replay(string script)
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, script);
            var output = new StringWriter();
            var error = new StringWriter();
            int exit = ScriptCommand.Run(path, "diagnostic", imagePath: null, readerName: null, TextWriter.Null, output, error);
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
