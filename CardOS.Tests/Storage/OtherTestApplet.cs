using CardOS.Apdu;
using CardOS.Runtime;

namespace CardOS.Tests.Storage;

/// <summary>An applet that does nothing: selecting it deselects <see cref="StorageTestApplet"/>.</summary>
public sealed class OtherTestApplet(AppletContext context) : Applet(context)
{
    public static Aid AppletAid { get; } = Aid.Parse("F0000001029999");

    protected override void Process(ApduContext apdu)
    {
    }
}
