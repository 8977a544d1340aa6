using CardOS.Apdu;
using CardOS.FileSystem;
using CardOS.Runtime;
using CardOS.Security;

namespace CardOS.Tests.FileSystem;

/// <summary>
/// A test applet that builds whatever file system a test asks for in its constructor and hands the file commands to it,
/// so tests drive the file system both directly and over APDUs.
/// </summary>
internal sealed class HostApplet : Applet
{
    public HostApplet(AppletContext context, Action<HostApplet>? build = null, int maxFiles = 8, int dataCapacity = 512)
        : base(context)
    {
        Security = new SecurityStatus(context);
        FileSystem = new IsoFileSystem(context, Security, objectId: 0x0F00, maxFiles, dataCapacity);
        build?.Invoke(this);
    }

    public static Aid DefaultAid { get; } = Aid.Parse("F0000000FF");

    public IsoFileSystem FileSystem { get; }

    public SecurityStatus Security { get; }

    public AppletContext AppletContext => Context;

    public override bool IsMultiSelectable => true;

    protected override bool OnSelect(int channel)
    {
        FileSystem.ResetSelection(channel);
        return true;
    }

    protected override void Process(ApduContext apdu)
    {
        if (!Security.Process(apdu) && !FileSystem.Process(apdu))
            throw new IsoException(StatusWord.InstructionNotSupported);
    }
}
