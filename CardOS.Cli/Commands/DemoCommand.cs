using System.CommandLine;
using CardOS.Reader.InProcess;
using CardOS.Reader.Tracing;
using CardOS.Runtime;

namespace CardOS.Cli.Commands;

/// <summary><c>cardos demo</c>: an in-process session with the cards, printed as an APDU trace.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var command = new Command("demo", "Run an in-process session with CardOS cards and print the APDU trace (no daemon needed).");
        command.SetAction(parse =>
        {
            Run(parse.InvocationConfiguration.Output);
            return 0;
        });
        return command;
    }

    internal static void Run(TextWriter output)
    {
        var card = new Card(new CardOptions { RandomSeed = 1 });
        var reader = new InProcessReader(card);
        using var trace = new ApduTracePrinter(output, reader, "card");
        trace.Note("cardos demo: every exchange is a line of the APDU trace (docs/reader.md): the command, the response as");
        trace.Note("'expect', the decoded header and status word and the card's time; secret data (PINs, keys) shows as '*'.");
        ApduTrace.PowerUp(trace.Logger, "card", reader.Atr);

        trace.Section("Runtime: logical channels");
        trace.Send("0070000001", "MANAGE CHANNEL open, card assigns the channel");
        trace.Send("01A4040005F000000000", "SELECT an AID nobody installed, on channel 1");
        trace.Send("0070800100", "MANAGE CHANNEL close channel 1");
        trace.Send("01A4040005F000000000", "the closed channel answers 6881");

        FileSystemDemoSection.Run(card, trace);
        SecurityCardDemoSection.Run(card, trace);
        BankDemoSection.Run(trace);
        PurseDemoSection.Run(trace);
    }
}
