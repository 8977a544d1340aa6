using CardOS.Apdu;
using CardOS.Applets.FileSystem;
using CardOS.Reader.InProcess;
using CardOS.Runtime;

namespace CardOS.Tests.FileSystem;

/// <summary>A fresh card with <see cref="IsoFileSystemApplet"/> installed and selected, for property tests.</summary>
internal sealed class DemoCard
{
    public const string SelectApplet = "00A4040C09F0434152444F534653";
    public const string SelectDf = "00A4000C027F10";
    public const string VerifyPin = "002000810431323334";

    public DemoCard()
    {
        Card = new Card();
        Applet = IsoFileSystemApplet.Install(Card);
        Reader = new InProcessReader(Card);
        Send(SelectApplet);
    }

    public Card Card { get; }

    public IsoFileSystemApplet Applet { get; }

    public InProcessReader Reader { get; }

    /// <summary>Sends a command that must succeed.</summary>
    public void Send(string hex)
    {
        ResponseApdu response = Reader.Transmit(hex);
        Assert.That(response.StatusWord, Is.EqualTo(StatusWord.Success), $"response to {hex}");
    }

    /// <summary>The PIN's tries as VERIFY's status query reports them: 63Cx gives x, 6983 gives 0.</summary>
    public int QueryTries()
    {
        StatusWord status = Reader.Transmit("00200081").StatusWord;
        if (status == StatusWord.AuthenticationMethodBlocked)
            return 0;
        Assert.That(status.Sw1, Is.EqualTo(0x63), $"VERIFY status query answered {status}");
        return status.Sw2 & 0x0F;
    }

    /// <summary>Restores power after a cut and selects the applet again.</summary>
    public void PowerUp()
    {
        Reader.PowerCycle();
        Send(SelectApplet);
    }
}
