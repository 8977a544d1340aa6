using CardOS.Apdu;
using CardOS.FileSystem;
using CardOS.Reader.InProcess;
using CardOS.Runtime;
using CardOS.Security;

namespace CardOS.Tests.FileSystem;

/// <summary>The file system used directly from applet code: building, re-binding, persistence, records, access conditions.</summary>
public class IsoFileSystemTests
{
    private static readonly byte[] AppName = [0xA0, 0x00, 0x00, 0x00, 0x01];

    [Test]
    public void Constructor_BlankEeprom_HoldsOnlyTheMasterFile()
    {
        HostApplet applet = Install(new Card());
        Assert.That(applet.FileSystem.MasterFile.FileId, Is.EqualTo(0x3F00));
        Assert.That(applet.FileSystem.MasterFile.IsMasterFile, Is.True);
        Assert.That(applet.FileSystem.FileCount, Is.EqualTo(1));
        Assert.That(applet.FileSystem.AvailableBytes, Is.EqualTo(512));
    }

    [Test]
    public void CreateTransparentEf_SameAttributesTwice_ReturnsTheExistingFile()
    {
        HostApplet applet = Install(new Card());
        DedicatedFile mf = applet.FileSystem.MasterFile;
        TransparentFile first = mf.CreateTransparentEf(0x2F01, 8, shortId: 1, read: AccessCondition.Always, initialContent: [1, 2]);
        TransparentFile second = mf.CreateTransparentEf(0x2F01, 8, shortId: 1, read: AccessCondition.Always, initialContent: [9, 9]);
        Assert.That(second, Is.SameAs(first));
        Assert.That(first.Content.ToArray(), Is.EqualTo(new byte[] { 1, 2, 0, 0, 0, 0, 0, 0 }));
        Assert.That(applet.FileSystem.AvailableBytes, Is.EqualTo(512 - 8));
    }

    [Test]
    public void CreateTransparentEf_ExistingWithOtherAttributes_Throws()
    {
        HostApplet applet = Install(new Card());
        DedicatedFile mf = applet.FileSystem.MasterFile;
        mf.CreateTransparentEf(0x2F01, 8, read: AccessCondition.Always);
        Assert.Throws<InvalidOperationException>(() => mf.CreateTransparentEf(0x2F01, 9, read: AccessCondition.Always));
        Assert.Throws<InvalidOperationException>(() => mf.CreateTransparentEf(0x2F01, 8, read: AccessCondition.Pin(0x81)));
        Assert.Throws<InvalidOperationException>(() => mf.CreateCyclicEf(0x2F01, 2, 4));
    }

    [TestCase(0x3F00, Description = "the MF's FID")]
    [TestCase(0x3FFF, Description = "the current-DF FID of paths")]
    [TestCase(0xFFFF, Description = "reserved")]
    public void CreateDf_ReservedFileId_Throws(int fileId)
    {
        HostApplet applet = Install(new Card());
        Assert.Throws<ArgumentException>(() => applet.FileSystem.MasterFile.CreateDf((ushort)fileId));
    }

    [Test]
    public void CreateEf_ClashingShortIdNameOrParentFid_Throws()
    {
        HostApplet applet = Install(new Card());
        DedicatedFile mf = applet.FileSystem.MasterFile;
        DedicatedFile df = mf.CreateDf(0x7F10, AppName);
        df.CreateTransparentEf(0x6F01, 4, shortId: 1);
        Assert.Throws<ArgumentException>(() => df.CreateTransparentEf(0x6F02, 4, shortId: 1), "SFI used by a sibling");
        Assert.Throws<ArgumentException>(() => mf.CreateDf(0x7F20, AppName), "DF name used elsewhere");
        Assert.Throws<ArgumentException>(() => df.CreateTransparentEf(0x7F10, 4), "the parent's own FID");
        Assert.Throws<ArgumentOutOfRangeException>(() => df.CreateTransparentEf(0x6F03, 4, shortId: 31), "SFI 31");
        Assert.Throws<ArgumentException>(() => df.CreateLinearFixedEf(0x6F04, 2, 4, initialRecords: [1, 2, 3]), "a partial record");
        Assert.Throws<ArgumentException>(() => df.CreateTransparentEf(0x6F05, 2, initialContent: [1, 2, 3]), "content longer than the file");
        Assert.Throws<ArgumentException>(() => mf.CreateDf(0x7F30, new byte[17]), "a 17-byte name");
    }

    [Test]
    public void Create_DirectoryOrDataAreaFull_AnswersNotEnoughMemory()
    {
        HostApplet applet = Install(new Card(), maxFiles: 3, dataCapacity: 20);
        DedicatedFile mf = applet.FileSystem.MasterFile;
        mf.CreateTransparentEf(0x2F01, 16);
        var dataFull = Assert.Throws<IsoException>(() => mf.CreateTransparentEf(0x2F02, 5));
        Assert.That(dataFull!.StatusWord, Is.EqualTo(StatusWord.NotEnoughMemory));
        mf.CreateTransparentEf(0x2F03, 4);
        var directoryFull = Assert.Throws<IsoException>(() => mf.CreateDf(0x7F10));
        Assert.That(directoryFull!.StatusWord, Is.EqualTo(StatusWord.NotEnoughMemory));
        Assert.That(applet.FileSystem.FileCount, Is.EqualTo(3));
    }

    [Test]
    public void Create_InsideTransaction_Throws()
    {
        HostApplet applet = Install(new Card());
        applet.AppletContext.BeginTransaction();
        Assert.Throws<InvalidOperationException>(() => applet.FileSystem.MasterFile.CreateDf(0x7F10));
        applet.AppletContext.AbortTransaction();
    }

    [Test]
    public void Install_OverExistingImage_RebindsStructureAndContent()
    {
        var card = new Card();
        HostApplet first = Install(card, Build);
        ((TransparentFile)first.FileSystem.Find(0x7F10, 0x6F01)!).Update(0, [0xCA, 0xFE]);
        first.FileSystem.MasterFile.CreateTransparentEf(0x2F09, 3, initialContent: [7, 8, 9]); // created later, not by the constructor

        card.Delete(HostApplet.DefaultAid);
        HostApplet second = Install(card, Build);
        Assert.That(second.FileSystem.FileCount, Is.EqualTo(first.FileSystem.FileCount));
        Assert.That(((TransparentFile)second.FileSystem.Find(0x7F10, 0x6F01)!).Content.ToArray(), Is.EqualTo(new byte[] { 0xCA, 0xFE, 0, 0 }));
        Assert.That(((TransparentFile)second.FileSystem.Find(0x2F09)!).Content.ToArray(), Is.EqualTo(new byte[] { 7, 8, 9 }));
        Assert.That(((RecordFile)second.FileSystem.Find(0x7F10, 0x6F02)!).RecordCount, Is.EqualTo(2));
        Assert.That(second.FileSystem.FindDf(AppName)!.FileId, Is.EqualTo(0x7F10));
        Assert.That(second.FileSystem.AvailableBytes, Is.EqualTo(first.FileSystem.AvailableBytes));
    }

    [Test]
    public void Install_OverImageWithOtherDirectorySize_Throws()
    {
        var card = new Card();
        Install(card);
        card.Delete(HostApplet.DefaultAid);
        Assert.Throws<InvalidDataException>(() => Install(card, maxFiles: 9));
    }

    [Test]
    public void LinearFixedEf_AppendUntilFull_NumbersInOrderThenAnswersNotEnoughMemory()
    {
        HostApplet applet = Install(new Card());
        RecordFile file = applet.FileSystem.MasterFile.CreateLinearFixedEf(0x2F01, maxRecords: 3, recordSize: 2);
        file.AppendRecord([1, 1]);
        file.AppendRecord([2, 2]);
        file.AppendRecord([3, 3]);
        var full = Assert.Throws<IsoException>(() => file.AppendRecord([4, 4]));
        Assert.That(full!.StatusWord, Is.EqualTo(StatusWord.NotEnoughMemory));
        Assert.That(file.ReadRecord(1).ToArray(), Is.EqualTo(new byte[] { 1, 1 }));
        Assert.That(file.ReadRecord(3).ToArray(), Is.EqualTo(new byte[] { 3, 3 }));
        file.UpdateRecord(2, [9, 9]);
        Assert.That(file.ReadRecord(2).ToArray(), Is.EqualTo(new byte[] { 9, 9 }));
    }

    [Test]
    public void CyclicEf_AppendBeyondCapacity_NewestIsRecordOneAndOldestDropped()
    {
        HostApplet applet = Install(new Card());
        RecordFile file = applet.FileSystem.MasterFile.CreateCyclicEf(0x2F01, maxRecords: 3, recordSize: 1, initialRecords: [1, 2]);
        Assert.That(file.ReadRecord(1)[0], Is.EqualTo(2));
        for (byte value = 3; value <= 10; value++)
            file.AppendRecord([value]);
        Assert.That(file.RecordCount, Is.EqualTo(3));
        Assert.That(new[] { file.ReadRecord(1)[0], file.ReadRecord(2)[0], file.ReadRecord(3)[0] }, Is.EqualTo(new byte[] { 10, 9, 8 }));
        file.UpdateRecord(3, [0x88]);
        file.AppendRecord([11]);
        Assert.That(new[] { file.ReadRecord(1)[0], file.ReadRecord(2)[0], file.ReadRecord(3)[0] }, Is.EqualTo(new byte[] { 11, 10, 9 }));
    }

    [TestCase(0)]
    [TestCase(3)]
    public void ReadRecord_NoSuchRecord_AnswersRecordNotFound(int number)
    {
        HostApplet applet = Install(new Card());
        RecordFile file = applet.FileSystem.MasterFile.CreateLinearFixedEf(0x2F01, 4, 2, initialRecords: [1, 1, 2, 2]);
        var missing = Assert.Throws<IsoException>(() => file.ReadRecord(number));
        Assert.That(missing!.StatusWord, Is.EqualTo(StatusWord.RecordNotFound));
    }

    [Test]
    public void TransparentEf_UpdateOutsideFile_Throws()
    {
        HostApplet applet = Install(new Card());
        TransparentFile file = applet.FileSystem.MasterFile.CreateTransparentEf(0x2F01, 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => file.Update(3, [1, 2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => file.Read(-1, 1));
        Assert.That(file.Content.ToArray(), Is.EqualTo(new byte[4]));
    }

    [Test]
    public void UpdateInTransaction_Aborted_RestoresContent()
    {
        HostApplet applet = Install(new Card());
        TransparentFile value = applet.FileSystem.MasterFile.CreateTransparentEf(0x2F01, 2, initialContent: [1, 1]);
        RecordFile log = applet.FileSystem.MasterFile.CreateCyclicEf(0x2F02, 2, 1, initialRecords: [1, 2]);
        applet.AppletContext.BeginTransaction();
        value.Update(0, [2, 2]);
        log.AppendRecord([3]);
        log.AppendRecord([4]);
        applet.AppletContext.AbortTransaction();
        Assert.That(value.Content.ToArray(), Is.EqualTo(new byte[] { 1, 1 }));
        Assert.That(new[] { log.ReadRecord(1)[0], log.ReadRecord(2)[0] }, Is.EqualTo(new byte[] { 2, 1 }));
    }

    [Test]
    public void Select_PerChannel_KeepsCurrentFilesApart()
    {
        HostApplet applet = Install(new Card(), Build);
        IsoFileSystem fs = applet.FileSystem;
        fs.Select(1, fs.Find(0x7F10, 0x6F01)!);
        Assert.That(fs.GetCurrentEf(1)!.FileId, Is.EqualTo(0x6F01));
        Assert.That(fs.GetCurrentDf(1).FileId, Is.EqualTo(0x7F10));
        Assert.That(fs.GetCurrentEf(0), Is.Null);
        Assert.That(fs.GetCurrentDf(0).IsMasterFile, Is.True);
    }

    [Test]
    public void LogicalChannels_OverApdus_EachKeepsItsCurrentEf()
    {
        var card = new Card();
        Install(card, Build);
        var reader = new InProcessReader(card);
        Transcript.Run(
            reader,
            "00A4040C05F0000000FF -> 9000",
            "00A4080C047F106F01 -> 9000",
            "0070000000 -> 01 9000",
            "01A4040C05F0000000FF -> 9000",
            "01B0000001 -> 6986",
            "01A4080C047F106F02 -> 9000",
            "00B0000002 -> 0000 9000",
            "01B2010400 -> 0101 9000");
    }

    [Test]
    public void SecureStateCondition_SetByApplet_GrantsAccess()
    {
        var card = new Card();
        HostApplet applet = Install(card, a => a.FileSystem.MasterFile.CreateTransparentEf(0x2F01, 2, shortId: 1, read: AccessCondition.SecureState(5), initialContent: [0xAB, 0xCD]));
        var reader = new InProcessReader(card);
        Transcript.Run(reader, "00A4040C05F0000000FF -> 9000", "00B0810000 -> 6982");
        applet.Security.Set(5);
        Transcript.Run(reader, "00B0810000 -> ABCD 9000");
        reader.Reset();
        Transcript.Run(reader, "00A4040C05F0000000FF -> 9000", "00B0810000 -> 6982");
    }

    [Test]
    public void PinCondition_UnregisteredReference_NeverSatisfied()
    {
        var card = new Card();
        Install(card, a => a.FileSystem.MasterFile.CreateTransparentEf(0x2F01, 2, shortId: 1, read: AccessCondition.Pin(0x82)));
        Transcript.Run(new InProcessReader(card), "00A4040C05F0000000FF -> 9000", "00B0810000 -> 6982", "0020008204 31323334 -> 6A88");
    }

    [Test]
    public void ReopenedImage_NewCardOverSameEeprom_SeesFiles()
    {
        var card = new Card();
        HostApplet first = Install(card, Build);
        ((RecordFile)first.FileSystem.Find(0x7F10, 0x6F02)!).AppendRecord([5, 5]);

        var reopened = new Card(new CardOptions(), card.Eeprom);
        HostApplet second = Install(reopened, Build);
        var log = (RecordFile)second.FileSystem.Find(0x7F10, 0x6F02)!;
        Assert.That(log.RecordCount, Is.EqualTo(3));
        Assert.That(log.ReadRecord(3).ToArray(), Is.EqualTo(new byte[] { 5, 5 }));
    }

    private static void Build(HostApplet applet)
    {
        DedicatedFile df = applet.FileSystem.MasterFile.CreateDf(0x7F10, AppName);
        df.CreateTransparentEf(0x6F01, 4, shortId: 1, read: AccessCondition.Always, update: AccessCondition.Always);
        df.CreateLinearFixedEf(0x6F02, 4, 2, shortId: 2, read: AccessCondition.Always, append: AccessCondition.Always, initialRecords: [1, 1, 2, 2]);
    }

    private static HostApplet Install(Card card, Action<HostApplet>? build = null, int maxFiles = 8, int dataCapacity = 512) =>
        card.Install(HostApplet.DefaultAid, context => new HostApplet(context, build, maxFiles, dataCapacity));
}
