using CardOS.Apdu;
using CardOS.Runtime;

namespace CardOS.Tests.Reader.EndToEnd;

/// <summary>An applet whose INS 42 waits until the test lets it answer: a command the link can drop under.</summary>
public sealed class BlockingApplet(AppletContext context) : Applet(context)
{
    public static Aid AppletAid { get; } = Aid.Parse("F0000000B1");

    public ManualResetEventSlim Entered { get; } = new();

    public ManualResetEventSlim Release { get; } = new();

    protected override void Process(ApduContext apdu)
    {
        if (apdu.Ins != 0x42)
            throw new IsoException(StatusWord.InstructionNotSupported);
        Entered.Set();
        Release.Wait(TimeSpan.FromSeconds(20));
    }
}
