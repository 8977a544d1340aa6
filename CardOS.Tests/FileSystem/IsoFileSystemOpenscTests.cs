using CardOS.Applets.FileSystem;
using CardOS.Cli.Profiles;
using CardOS.Reader.InProcess;
using CardOS.Runtime;

namespace CardOS.Tests.FileSystem;

/// <summary>
/// Issue 12, item 7, in process: what OpenSC needs from the iso-fs card (docs/applets/iso-filesystem.md, "OpenSC"). The
/// served profile selects the applet at power-up, so a SELECT of the MF answers at once; the PIN answers as CHV1
/// (reference 01) as well as 81, one PIN with one try counter.
/// </summary>
public class IsoFileSystemOpenscTests
{
    [Test]
    public void IsoFsProfile_FreshCard_SelectMfAnswersAtOnce() => Transcript.Run(
        new InProcessReader(CardProfiles.Find("iso-fs")!.CreateCard()),
        "00A40000023F0000 -> 6F07 820138 83023F00 9000",
        "00A40800047F106F0100 -> 6F0F 80020018 82020121 83026F01 880101 9000");

    [Test]
    public void IsoFsProfile_AfterReset_StillSelected()
    {
        Card card = CardProfiles.Find("iso-fs")!.CreateCard();
        var reader = new InProcessReader(card);
        Transcript.Run(reader, "00A4000C023F00 -> 9000");
        reader.Reset();
        Transcript.Run(reader, "00A4000C023F00 -> 9000");
    }

    [Test]
    public void Verify_Chv1_SatisfiesThePinConditionOf81() => Transcript.Run(
        Selected(),
        "00A40804047F106F0200 -> 6212 80020040 82050221001004 83026F02 880102 9000",
        "00B2010400 -> 6982",
        "002000010431323334 -> 9000",
        "00B2010400 -> 416C6963652030313233343536373839 9000",
        "00200081 -> 9000");

    [Test]
    public void Verify_Chv1_SharesTheTryCounterWith81() => Transcript.Run(
        Selected(),
        "002000010439393939 -> 63C2",
        "002000810439393939 -> 63C1",
        "00200001 -> 63C1",
        "002000010431323334 -> 9000",
        "00200081 -> 9000");

    [Test]
    public void ChangeReferenceData_Chv1_ChangesThePin() => Transcript.Run(
        Selected(),
        "00240001083132333435363738 -> 9000",
        "002000810431323334 -> 63C2",
        "002000810435363738 -> 9000");

    [Test]
    public void Verify_OtherReferences_StillNotFound() => Transcript.Run(
        Selected(),
        "002000020431323334 -> 6A88",
        "002000820431323334 -> 6A88");

    private static InProcessReader Selected()
    {
        var card = new Card();
        IsoFileSystemApplet.Install(card);
        var reader = new InProcessReader(card);
        Transcript.Run(reader, "00A4040C09F0434152444F534653 -> 9000");
        return reader;
    }
}
