using CardOS.Applets.FileSystem;
using CardOS.Reader.InProcess;
using CardOS.Runtime;

namespace CardOS.Tests.FileSystem;

/// <summary>
/// The bytes docs/applets/iso-filesystem.md specifies, through the in-process reader. Every case starts with the applet
/// freshly installed and selected (00A4040C + AID, no data asked): the MF is current, the PIN is not validated.
/// </summary>
public class IsoFileSystemAppletGoldenTests
{
    private const string SelectApplet = "00A4040C09F0434152444F534653 -> 9000";
    private const string SelectDf = "00A4000C027F10 -> 9000";
    private const string Verify = "0020008104 31323334 -> 9000";
    private const string Info = "436172644F532064656D6F2063617264"; // "CardOS demo card"
    private const string Alice = "416C6963652030313233343536373839"; // "Alice 0123456789"

    private InProcessReader _reader = null!;

    [SetUp]
    public void SetUp()
    {
        var card = new Card();
        IsoFileSystemApplet.Install(card);
        _reader = new InProcessReader(card);
        Transcript.Run(_reader, SelectApplet);
    }

    [TestCase("00A4040409F0434152444F53465300 -> 6207 820138 83023F00 9000", Description = "FCP of the MF")]
    [TestCase("00A4040009F0434152444F53465300 -> 6F07 820138 83023F00 9000", Description = "FCI of the MF")]
    [TestCase("00A4040C09F0434152444F534653 -> 9000", Description = "no data")]
    [TestCase("00A4040809F0434152444F534653 -> 6A86", Description = "FMD is not supported")]
    public void SelectApplication_P2_AnswersMasterFile(string step) => Transcript.Run(_reader, step);

    [Test]
    public void SelectApplication_FmdRequested_RefusedButSelected() => Transcript.Run(
        _reader,
        "00A4040809F0434152444F534653 -> 6A86",
        "00A4000C022F01 -> 9000",
        "00B0000004 -> 43617264 9000");

    [TestCase("00A40004023F0000 -> 6207 820138 83023F00 9000", Description = "P1 00: the MF by '3F00'")]
    [TestCase("00A4000400 -> 6207 820138 83023F00 9000", Description = "P1 00 without data: the MF")]
    [TestCase("00A40004022F0100 -> 620F 80020010 82020121 83022F01 880101 9000", Description = "P1 00: a transparent EF")]
    [TestCase("00A40004022F0000 -> 6212 8002004C 82050221001304 83022F00 88011E 9000", Description = "P1 00: a linear fixed EF")]
    [TestCase("00A40004027F1000 -> 6212 820138 83027F10 8409F0434152444F534446 9000", Description = "P1 00: a DF with a name")]
    [TestCase("00A40104027F1000 -> 6212 820138 83027F10 8409F0434152444F534446 9000", Description = "P1 01: a child DF")]
    [TestCase("00A40204022F0100 -> 620F 80020010 82020121 83022F01 880101 9000", Description = "P1 02: an EF under the current DF")]
    [TestCase("00A4040409F0434152444F53444600 -> 6212 820138 83027F10 8409F0434152444F534446 9000", Description = "P1 04: full DF name")]
    [TestCase("00A4040408F0434152444F534400 -> 6212 820138 83027F10 8409F0434152444F534446 9000", Description = "P1 04: partial DF name")]
    [TestCase("00A40804047F106F0100 -> 620F 80020018 82020121 83026F01 880101 9000", Description = "P1 08: path from the MF")]
    [TestCase("00A40804047F106F0300 -> 6212 80020028 82050621000805 83026F03 880103 9000", Description = "P1 08: a cyclic EF")]
    [TestCase("00A40804047F106F0200 -> 6212 80020040 82050221001004 83026F02 880102 9000", Description = "P1 08: a linear fixed EF")]
    [TestCase("00A40904047F106F0400 -> 620F 80020008 82020121 83026F04 880104 9000", Description = "P1 09: path from the current DF")]
    [TestCase("00A40000022F0100 -> 6F0F 80020010 82020121 83022F01 880101 9000", Description = "P2 00: FCI template")]
    [TestCase("00A4000C022F01 -> 9000", Description = "P2 0C: no data")]
    public void Select_ExistingFile_AnswersControlParameters(string step) => Transcript.Run(_reader, step);

    [TestCase(SelectDf, "00A40304 00 -> 6207 820138 83023F00 9000", Description = "P1 03: the parent of a DF")]
    [TestCase(SelectDf, "00A4000C026F04 -> 9000", "00A40304 00 -> 6207 820138 83023F00 9000", Description = "P1 03 from an EF: the parent of its DF")]
    [TestCase(SelectDf, "00A40004023F0000 -> 6207 820138 83023F00 9000", Description = "P1 00 '3F00' from anywhere")]
    [TestCase(SelectDf, "00A40004027F1000 -> 6212 820138 83027F10 8409F0434152444F534446 9000", Description = "P1 00: the current DF itself")]
    [TestCase(SelectDf, "00A40004022F0100 -> 620F 80020010 82020121 83022F01 880101 9000", Description = "P1 00: a sibling of the current DF")]
    [TestCase(SelectDf, "00A40904026F0100 -> 620F 80020018 82020121 83026F01 880101 9000", Description = "P1 09: relative path")]
    public void Select_FromApplicationDf_ReachesFile(params string[] steps) => Transcript.Run(_reader, steps);

    [TestCase("00A40004026F0100 -> 6A82", Description = "P1 00: a grandchild is not reachable")]
    [TestCase("00A40004021234 -> 6A82", Description = "P1 00: no such FID")]
    [TestCase("00A40104022F01 -> 6A82", Description = "P1 01 names an EF")]
    [TestCase("00A40204027F10 -> 6A82", Description = "P1 02 names a DF")]
    [TestCase("00A40304 -> 6A82", Description = "P1 03: the MF has no parent")]
    [TestCase("00A4040C05F043415258 -> 6A82", Description = "P1 04: no such DF name (not an applet's either)")]
    [TestCase("00A4080C043F007F10 -> 6A82", Description = "P1 08: the path leaves out '3F00'")]
    [TestCase("00A4080C042F016F01 -> 6A82", Description = "P1 08: an EF in the middle of the path")]
    [TestCase("00A4000C03123456 -> 6700", Description = "P1 00: three data bytes")]
    [TestCase("00A4010C -> 6700", Description = "P1 01 without data")]
    [TestCase("00A4030C023F00 -> 6700", Description = "P1 03 with data")]
    [TestCase("00A4080C037F106F -> 6700", Description = "P1 08: odd path length")]
    [TestCase("00A4040C11F0434152444F5344460000000000000000 -> 6700", Description = "P1 04: a 17-byte name")]
    [TestCase("00A4050C023F00 -> 6A86", Description = "P1 05 does not exist")]
    [TestCase("00A40008023F00 -> 6A86", Description = "P2 08: FMD not supported")]
    [TestCase("00A40010023F00 -> 6A86", Description = "P2 b8-b5 not zero")]
    [TestCase("00A4000E023F00 -> 6A86", Description = "P2 occurrence bits with P1 00")]
    public void Select_BadCommand_AnswersPreciseStatusWord(string step) => Transcript.Run(_reader, step);

    [Test]
    public void Select_Failed_LeavesCurrentFileUnchanged() => Transcript.Run(
        _reader,
        "00A4000C022F01 -> 9000",
        "00A4000C021234 -> 6A82",
        "00B0000004 -> 436172649000");

    [TestCase("00B0810000 -> " + Info + " 9000", Description = "SFI 1, Le 00: the whole file")]
    [TestCase("00B0810010 -> " + Info + " 9000", Description = "SFI 1, Le exact")]
    [TestCase("00B0810020 -> " + Info + " 6282", Description = "Le beyond the end: 6282 with the data")]
    [TestCase("00B0810A04 -> 6F206361 9000", Description = "offset 10 in P2")]
    [TestCase("00B0810F00 -> 64 9000", Description = "the last byte")]
    [TestCase("00A4000C022F01 -> 9000", "00B0000504 -> 53206465 9000", Description = "offset 5 in the current EF")]
    [TestCase("00B0810000 -> " + Info + " 9000", "00B0000004 -> 43617264 9000", Description = "a short EF identifier makes the EF current")]
    [TestCase(SelectDf, "00B0810000 -> 000000000000000000000000000000000000000000000000 9000", Description = "a file that reads zeros")]
    public void ReadBinary_ReadableFile_AnswersBytes(params string[] steps) => Transcript.Run(_reader, steps);

    [TestCase("00B0000000 -> 6986", Description = "no current EF")]
    [TestCase("00B0850000 -> 6A82", Description = "no EF with SFI 5 in the MF")]
    [TestCase("00B09E0000 -> 6981", Description = "SFI 30 is a record file")]
    [TestCase("00B0811000 -> 6B00", Description = "offset at the end of the file")]
    [TestCase("00B0817F00 -> 6B00", Description = "offset beyond the end")]
    [TestCase("00B08100 -> 6700", Description = "no Le")]
    [TestCase("00B0810001AA00 -> 6700", Description = "command data")]
    [TestCase("00B0A10000 -> 6A86", Description = "P1 b7-b6 not 00")]
    [TestCase("00B0800000 -> 6A86", Description = "SFI 00000")]
    [TestCase("00B09F0000 -> 6A86", Description = "SFI 11111 (RFU)")]
    [TestCase(SelectDf, "00B0840000 -> 6982", Description = "read never allowed")]
    [TestCase(SelectDf, Verify, "00B0840000 -> 6982", Description = "read never allowed, even after VERIFY")]
    [TestCase("00A4000C022F00 -> 9000", "00B0000000 -> 6981", Description = "the current EF is a record file")]
    [TestCase("00A4000C027F10 -> 9000", "00B0000000 -> 6986", Description = "a DF selected: no current EF")]
    public void ReadBinary_BadCommand_AnswersPreciseStatusWord(params string[] steps) => Transcript.Run(_reader, steps);

    [TestCase(SelectDf, Verify, "00D6810003 010203 -> 9000", "00B0810004 -> 01020300 9000", Description = "SFI 1, offset 0")]
    [TestCase(SelectDf, Verify, "00D6811502 AABB -> 9000", "00B0811400 -> 00AABB00 9000", Description = "offset 21")]
    [TestCase(SelectDf, Verify, "00D6811703 AABBCC -> 6A84", "00B0811400 -> 00000000 9000", Description = "past the end: 6A84, nothing written")]
    [TestCase(SelectDf, Verify, "00A4000C026F01 -> 9000", "00D6001701 EE -> 9000", "00B0001701 -> EE 9000", Description = "the current EF, last byte")]
    public void UpdateBinary_WritableFile_Writes(params string[] steps) => Transcript.Run(_reader, steps);

    [TestCase(SelectDf, "00D6810003 010203 -> 6982", "00B0810003 -> 000000 9000", Description = "PIN not verified")]
    [TestCase("00D6810003 010203 -> 6982", Description = "update never allowed")]
    [TestCase(SelectDf, Verify, "00D6811801 AA -> 6B00", Description = "offset at the end")]
    [TestCase(SelectDf, Verify, "00D68100 -> 6700", Description = "no data")]
    [TestCase(SelectDf, Verify, "00D6810001 AA 00 -> 6700", Description = "Le present")]
    [TestCase(SelectDf, Verify, "00D6000001 AA -> 6986", Description = "no current EF")]
    [TestCase(SelectDf, Verify, "00D6820001 AA -> 6981", Description = "SFI 2 is a record file")]
    [TestCase(SelectDf, Verify, "00D6C10001 AA -> 6A86", Description = "P1 b7-b6 not 00")]
    public void UpdateBinary_BadCommand_AnswersPreciseStatusWord(params string[] steps) => Transcript.Run(_reader, steps);

    [TestCase("00200081 -> 63C3", Description = "status: three tries")]
    [TestCase(Verify, "00200081 -> 9000", Description = "status after a right PIN: verified")]
    [TestCase("0020008104 31313131 -> 63C2", "00200081 -> 63C2", Description = "a wrong PIN costs a try")]
    [TestCase("0020008104 31313131 -> 63C2", Verify, "00200081 -> 9000", "0020008104 31313131 -> 63C2", Description = "a right PIN restores the tries; a wrong one unverifies")]
    [TestCase("0020008104 31313131 -> 63C2", "0020008104 31313131 -> 63C1", "0020008104 31313131 -> 63C0", "00200081 -> 6983", "0020008104 31323334 -> 6983", Description = "three wrong PINs block it")]
    [TestCase("0020008103 313233 -> 63C2", Description = "a prefix of the PIN is wrong")]
    [TestCase("0020008105 3132333400 -> 63C2", Description = "the PIN and a zero byte is wrong")]
    [TestCase(Verify, "0020FF81 -> 9000", "00200081 -> 63C3", Description = "P1 FF resets the verification status")]
    [TestCase("0020008109 313233343536373839 -> 6700", "00200081 -> 63C3", Description = "longer than 8 bytes: no try spent")]
    [TestCase("0020008104 3132333400 -> 6700", Description = "Le present")]
    [TestCase("0020FF8104 31323334 -> 6700", Description = "P1 FF with data")]
    [TestCase("0020008204 31323334 -> 6A88", Description = "no PIN with reference 82")]
    [TestCase("0020000004 31323334 -> 6A86", Description = "P2 00")]
    [TestCase("002000A104 31323334 -> 6A86", Description = "P2 b7-b6 not 00")]
    [TestCase("0020018104 31323334 -> 6A86", Description = "P1 01")]
    public void Verify_Pin_AnswersStatusWord(params string[] steps) => Transcript.Run(_reader, steps);

    [TestCase("0024008108 31323334 35363738 -> 9000", "0020008104 31323334 -> 63C2", "0020008104 35363738 -> 9000", Description = "P1 00: old then new")]
    [TestCase("0024008108 31313131 35363738 -> 63C2", "0020008104 31323334 -> 9000", Description = "P1 00 with a wrong PIN: a try spent, nothing changed")]
    [TestCase(Verify, "0024018102 3939 -> 9000", "00200081 -> 63C3", "0020008102 3939 -> 9000", Description = "P1 01 after VERIFY; the PIN is no longer verified")]
    [TestCase("0024018102 3939 -> 6982", Description = "P1 01 without VERIFY")]
    [TestCase("0024008107 31323334 353637 -> 6700", Description = "P1 00 with an odd length")]
    [TestCase(Verify, "0024018109 313233343536373839 -> 6700", Description = "P1 01: new PIN longer than 8")]
    [TestCase("0024028104 31323334 -> 6A86", Description = "P1 02")]
    [TestCase("0024008208 31323334 35363738 -> 6A88", Description = "no PIN with reference 82")]
    public void ChangeReferenceData_Pin_AnswersStatusWord(params string[] steps) => Transcript.Run(_reader, steps);

    [TestCase(SelectDf, Verify, "00B2011400 -> " + Alice + " 9000", Description = "SFI 2, record 1")]
    [TestCase(SelectDf, Verify, "00B2011420 -> " + Alice + " 6282", Description = "Le beyond the record: 6282 with the data")]
    [TestCase(SelectDf, Verify, "00B2011410 -> " + Alice + " 9000", Description = "Le exact")]
    [TestCase(SelectDf, Verify, "00B2011408 -> 416C696365203031 6108", "00C0000008 -> 3233343536373839 9000", Description = "Le short: the rest behind 61xx")]
    [TestCase("00B201F400 -> 61114F09F0434152444F534446 500444454D4F 9000", Description = "EF.DIR by SFI 30")]
    [TestCase(SelectDf, Verify, "00A4000C026F02 -> 9000", "00B2010400 -> " + Alice + " 9000", Description = "the current EF, record 1")]
    [TestCase(SelectDf, Verify, "00A4000C026F02 -> 9000", "00B2000200 -> " + Alice + " 9000", "00B2000000 -> " + Alice + " 9000", "00B2000400 -> " + Alice + " 9000", Description = "next from nothing is the first; then current")]
    [TestCase(SelectDf, Verify, "00A4000C026F02 -> 9000", "00B2000300 -> " + Alice + " 9000", "00B2000300 -> 6A83", Description = "previous from nothing is the last; before the first fails")]
    [TestCase(SelectDf, Verify, "00A4000C026F02 -> 9000", "00B2000100 -> " + Alice + " 9000", "00B2000200 -> 6A83", Description = "last, then next past it fails")]
    public void ReadRecord_ExistingRecord_AnswersRecord(params string[] steps) => Transcript.Run(_reader, steps);

    [TestCase(SelectDf, "00B2011400 -> 6982", Description = "read needs the PIN")]
    [TestCase(SelectDf, Verify, "00B2021400 -> 6A83", Description = "record 2 does not exist yet")]
    [TestCase(SelectDf, "00B2011C00 -> 6A83", Description = "an empty cyclic file")]
    [TestCase(SelectDf, Verify, "00A4000C026F02 -> 9000", "00B2000400 -> 6A83", Description = "no current record")]
    [TestCase(SelectDf, "00B2010C00 -> 6981", Description = "SFI 1 is transparent")]
    [TestCase(SelectDf, "00B2012C00 -> 6A82", Description = "no EF with SFI 5")]
    [TestCase(SelectDf, "00B2010400 -> 6986", Description = "no current EF")]
    [TestCase(SelectDf, "00B2FF1C00 -> 6A86", Description = "record number FF")]
    [TestCase(SelectDf, "00B2011D00 -> 6A86", Description = "P2 b3-b1 101: several records")]
    [TestCase(SelectDf, "00B2011A00 -> 6A86", Description = "P2 b3-b1 010 with a record identifier in P1")]
    [TestCase(SelectDf, "00B201FC00 -> 6A86", Description = "SFI 11111")]
    [TestCase(SelectDf, "00B2011C -> 6700", Description = "no Le")]
    [TestCase(SelectDf, "00B2011C01AA00 -> 6700", Description = "command data")]
    public void ReadRecord_BadCommand_AnswersPreciseStatusWord(params string[] steps) => Transcript.Run(_reader, steps);

    [TestCase(SelectDf, Verify, "00E2001008 426F622039383736 -> 6700", Description = "a linear record is 16 bytes: 8 is too short")]
    [TestCase(SelectDf, Verify, "00E2001010 426F6220393837363534333231303030 -> 9000", "00B2000400 -> 426F6220393837363534333231303030 9000", "00B2021400 -> 426F6220393837363534333231303030 9000", "00B2000400 -> 6A83", Description = "linear: appended last with the record pointer on it; a short EF identifier resets the pointer")]
    [TestCase(SelectDf, Verify, "00E2001808 1111111111111111 -> 9000", "00E2001808 2222222222222222 -> 9000", "00B2011C00 -> 2222222222222222 9000", "00B2021C00 -> 1111111111111111 9000", "00B2031C00 -> 6A83", Description = "cyclic: the newest is record 1")]
    [TestCase(SelectDf, Verify,
        "00E2001808 0101010101010101 -> 9000", "00E2001808 0202020202020202 -> 9000", "00E2001808 0303030303030303 -> 9000",
        "00E2001808 0404040404040404 -> 9000", "00E2001808 0505050505050505 -> 9000", "00E2001808 0606060606060606 -> 9000",
        "00B2011C00 -> 0606060606060606 9000", "00B2051C00 -> 0202020202020202 9000", "00B2061C00 -> 6A83", Description = "cyclic: a full file drops the oldest")]
    public void AppendRecord_RecordFile_Appends(params string[] steps) => Transcript.Run(_reader, steps);

    [TestCase(SelectDf, "00E2001808 1111111111111111 -> 6982", Description = "append needs the PIN")]
    [TestCase(SelectDf, Verify, "00E2001809 111111111111111111 -> 6A84", Description = "record too long")]
    [TestCase(SelectDf, Verify, "00E2001807 11111111111111 -> 6700", Description = "record too short")]
    [TestCase(SelectDf, Verify, "00E20018 -> 6700", Description = "no data")]
    [TestCase(SelectDf, Verify, "00E2001808 1111111111111111 00 -> 6700", Description = "Le present")]
    [TestCase(SelectDf, Verify, "00E2011808 1111111111111111 -> 6A86", Description = "P1 not 00")]
    [TestCase(SelectDf, Verify, "00E2001C08 1111111111111111 -> 6A86", Description = "P2 b3-b1 not 000")]
    [TestCase(SelectDf, Verify, "00E2000808 1111111111111111 -> 6981", Description = "SFI 1 is transparent")]
    [TestCase(SelectDf, Verify, "00E2000008 1111111111111111 -> 6986", Description = "no current EF")]
    [TestCase("00E200F013 61114F09F0434152444F534446500444454D4F -> 6982", Description = "EF.DIR: append never allowed")]
    [TestCase(SelectDf, Verify,
        "00E2001010 00000000000000000000000000000002 -> 9000", "00E2001010 00000000000000000000000000000003 -> 9000",
        "00E2001010 00000000000000000000000000000004 -> 9000", "00E2001010 00000000000000000000000000000005 -> 6A84",
        "00B2041400 -> 00000000000000000000000000000004 9000", Description = "a full linear fixed file")]
    public void AppendRecord_BadCommand_AnswersPreciseStatusWord(params string[] steps) => Transcript.Run(_reader, steps);

    [TestCase(SelectDf, Verify, "00DC011410 42424242424242424242424242424242 -> 9000", "00B2011400 -> 42424242424242424242424242424242 9000", Description = "record 1 by SFI")]
    [TestCase(SelectDf, Verify, "00A4000C026F02 -> 9000", "00DC000010 43434343434343434343434343434343 -> 9000", "00B2000400 -> 43434343434343434343434343434343 9000", Description = "first record, which becomes current")]
    public void UpdateRecord_WritableRecord_Writes(params string[] steps) => Transcript.Run(_reader, steps);

    [TestCase(SelectDf, "00DC011410 42424242424242424242424242424242 -> 6982", Description = "update needs the PIN")]
    [TestCase(SelectDf, Verify, "00DC021410 42424242424242424242424242424242 -> 6A83", Description = "record 2 does not exist")]
    [TestCase(SelectDf, Verify, "00DC01140F 424242424242424242424242424242 -> 6700", Description = "record too short")]
    [TestCase(SelectDf, Verify, "00DC011411 4242424242424242424242424242424242 -> 6A84", Description = "record too long")]
    [TestCase(SelectDf, Verify, "00E2001808 1111111111111111 -> 9000", "00DC011C08 2222222222222222 -> 6982", Description = "a cyclic log is never updated")]
    [TestCase(SelectDf, Verify, "00DC010C01 AA -> 6981", Description = "SFI 1 is transparent")]
    [TestCase(SelectDf, Verify, "00DC0114 -> 6700", Description = "no data")]
    [TestCase(SelectDf, Verify, "00DC011501 AA -> 6A86", Description = "P2 b3-b1 101")]
    public void UpdateRecord_BadCommand_AnswersPreciseStatusWord(params string[] steps) => Transcript.Run(_reader, steps);

    [TestCase("80B0810000 -> 6E00", Description = "a proprietary class")]
    [TestCase("00CA000000 -> 6D00", Description = "an instruction the applet does not know")]
    public void Process_OtherCommand_AnswersPreciseStatusWord(string step) => Transcript.Run(_reader, step);

    [Test]
    public void Select_AnotherApplicationAndBack_ForgetsPinAndCurrentFile() => Transcript.Run(
        _reader,
        SelectDf,
        Verify,
        "00A4000C026F01 -> 9000",
        SelectApplet,
        "00B0000001 -> 6986",
        "00200081 -> 63C3");

    [Test]
    public void PowerCycle_AfterUpdate_KeepsContentAndForgetsPin()
    {
        Transcript.Run(_reader, SelectDf, Verify, "00D6810002 CAFE -> 9000");
        _reader.PowerCycle();
        Transcript.Run(_reader, SelectApplet, SelectDf, "00B0810002 -> CAFE 9000", "00D6810002 BEEF -> 6982");
    }
}
