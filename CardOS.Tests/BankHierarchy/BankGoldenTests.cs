using CardOS.Applets.BankHierarchy;
using CardOS.Reader.InProcess;
using CardOS.Runtime;

namespace CardOS.Tests.BankHierarchy;

/// <summary>
/// The single-card bytes docs/applets/bank-hierarchy.md specifies. Every case starts on the documented test card "ALICE"
/// (consumer 1000000000000001, DES profile, balance 1,000 received from BRANCH1, MIN_TRANS 100, MAX_TRANS 500, PIN "1234",
/// holder key "HOLDERKEY", random seed 1), freshly selected: nothing verified, no session, no challenge.
/// </summary>
public class BankGoldenTests
{
    internal const string Select = "00A4040C07F0000668579001 > 9000";
    private const string VerifyPin = "0020008104 31323334 > 9000";
    private const string VerifyHolderKey = "0020008209 484F4C4445524B4559 > 9000";
    private const string Status = "0101010000000A01 1000000000000001 414C494345202020 01 11012026 000003E8 03";
    private const string Balance = "00003CA2 01 11012026 000000 F69FEBC1 70C808DAF8CC225E";

    private InProcessReader _reader = null!;

    [SetUp]
    public void SetUp()
    {
        var card = new Card(new CardOptions { RandomSeed = 1 });
        BankCardApplet.InstallTestCard(card, BankTestCard.User);
        _reader = new InProcessReader(card);
        BankTranscript.Run(_reader, Select);
    }

    [TestCase("8030000000 > " + Status + " 9000", Description = "GET CARD STATUS: role, profile, life, lock, BAD_KEY, limit, currency, account, name, key number, key date, balance, PIN tries")]
    [TestCase("8030010000 > 6A86", Description = "GET CARD STATUS: P1-P2 not 0000")]
    [TestCase("803000000100 > 6700", Description = "GET CARD STATUS: data present")]
    [TestCase("0084000008 > ????????????????9000", Description = "GET CHALLENGE: 8 random bytes")]
    [TestCase("0084000010 > ????????????????????????????????9000", Description = "GET CHALLENGE: 16 random bytes (for SET SECURITY LOCK)")]
    [TestCase("0084000004 > 6700", Description = "GET CHALLENGE: Le neither 08 nor 10")]
    [TestCase("0084000108 > 6A86", Description = "GET CHALLENGE: P1-P2 not 0000")]
    [TestCase("00840000 > 6700", Description = "GET CHALLENGE: no Le")]
    [TestCase("80EE0000 > 6D00", Description = "an instruction the applet does not know")]
    [TestCase("0030000000 > 6E00", Description = "a proprietary instruction with an interindustry CLA")]
    [TestCase("8C30000000 > 6E00", Description = "a proprietary CLA with secure messaging bits")]
    public void Status_Challenge_Class_GoldenBytes(params string[] steps) => BankTranscript.Run(_reader, steps);

    [TestCase("00B0820018 > " + Balance + " 9000", Description = "READ BINARY BALANCE by SFI 2: 1,000 in 6+2-bit bytes, currency, date, rate, serial, checksum")]
    [TestCase("00B0810008 > 1000000000000001 9000", Description = "READ BINARY ACCOUNT_NUMBER by SFI 1")]
    [TestCase("00B0830005 > 01 11012026 9000", Description = "READ BINARY KEY_INFO by SFI 3: APPKEY0 number 1, date 11 01 2026")]
    [TestCase("00B0850002 > 0000 9000", Description = "READ BINARY BAD_KEY by SFI 5")]
    [TestCase("00B0860003 > 000064 9000", Description = "READ BINARY MIN_TRANS by SFI 6: 100")]
    [TestCase("00B0870004 > 000001F4 9000", Description = "READ BINARY MAX_TRANS by SFI 7: 500")]
    [TestCase("00B0880018 > 010101000A010000 43415244424B3100 414C494345202020 9000", Description = "READ BINARY CARD_INFO by SFI 8")]
    [TestCase("00A4000C020110 > 9000", "00B0000008 > 6982", Description = "APPKEY0 is never readable")]
    [TestCase("00A4000C020108 > 9000", "00B0000008 > 6982", Description = "RANDOM_NUMBER is never readable")]
    [TestCase("00B2012424 > 6982", Description = "READ RECORD PASSBOOK without the PIN")]
    [TestCase(VerifyPin, "00B2012424 > 7000000000000001 4252414E43483120 35B1C2E9446BDCB7 11012026 43 0003E8 000003E8 9000", Description = "PASSBOOK record 1: received 1,000 from BRANCH1")]
    [TestCase(VerifyPin, "00B2022424 > 6A83", Description = "PASSBOOK holds one record")]
    [TestCase("00D6820001FF > 6982", Description = "UPDATE BINARY: no file is updated over APDUs")]
    public void Files_GoldenBytes(params string[] steps) => BankTranscript.Run(_reader, steps);

    [TestCase("0020008104 31313131 > 63C2", "0020008104 31323334 > 9000", Description = "VERIFY PIN: wrong (2 tries left), then right")]
    [TestCase("00200082 > 63C3", VerifyHolderKey, "00200082 > 9000", Description = "VERIFY holder key: status, present, status")]
    [TestCase("00200081 > 63C3", Description = "VERIFY with no data asks for the PIN's status")]
    public void Verify_GoldenBytes(params string[] steps) => BankTranscript.Run(_reader, steps);

    [TestCase("80500500 00 > 6A86", Description = "BEGIN EXCHANGE: P1 not 01-04")]
    [TestCase("8050010103 000064 00 > 6A86", Description = "BEGIN EXCHANGE: P2 not 00")]
    [TestCase("8050010002 0064 00 > 6700", Description = "BEGIN EXCHANGE 01: amount not 3 bytes")]
    [TestCase("8050020003 000064 00 > 6700", Description = "BEGIN EXCHANGE 02: key number missing")]
    [TestCase("8050010003 000000 00 > 6A80", Description = "BEGIN EXCHANGE: zero amount")]
    [TestCase("8050010003 000064 00 > 01 9000", Description = "BEGIN EXCHANGE 01: receive 100, answers APPKEY0's number")]
    [TestCase("8050010003 FFFFFF 00 > 9402", Description = "BEGIN EXCHANGE 01: the balance would pass FFFFFF")]
    [TestCase("8050020004 000065 01 00 > 6982", Description = "BEGIN EXCHANGE 02: 101 > MIN_TRANS needs the PIN")]
    [TestCase(VerifyPin, "8050020004 0001F5 01 00 > 6982", Description = "BEGIN EXCHANGE 02: 501 > MAX_TRANS needs the holder key")]
    [TestCase(VerifyPin, VerifyHolderKey, "8050020004 0003E9 01 00 > 9401", Description = "BEGIN EXCHANGE 02: 1,001 > balance")]
    [TestCase("8050020004 000064 04 00 > 9403", "00B0850002 > 0001 9000", Description = "BEGIN EXCHANGE 02: keys 1-4 and 4-7 share one key: refused, BAD_KEY counted")]
    [TestCase("8050020004 000064 FE 00 > 9403", Description = "BEGIN EXCHANGE 02: key numbers compare mod 256 (FE-01 and 01-04 share one key)")]
    [TestCase("8050020004 000064 03 00 > 03 " + "????????????????????????????????????????????????????????????????" + " 9000", Description = "BEGIN EXCHANGE 02: keys 1-4 and 3-6 share 3 and 4: AK0 is 3, then P1 (32 bytes)")]
    [TestCase("8050020004 000064 FF 00 > 01 " + "????????????????????????????????????????????????????????????????" + " 9000", Description = "BEGIN EXCHANGE 02: keys FF-02 and 01-04 share 1 and 2: AK0 is 1")]
    [TestCase("80500300 00 > 6982", Description = "BEGIN EXCHANGE 03: interest needs the PIN")]
    [TestCase(VerifyPin, "80500300 00 > 01 9000", Description = "BEGIN EXCHANGE 03: answers APPKEY0's number")]
    [TestCase("8050040001 01 00 > 6A81", Description = "BEGIN EXCHANGE 04: a user card gives no interest")]
    public void BeginExchange_GoldenBytes(params string[] steps) => BankTranscript.Run(_reader, steps);

    [TestCase("8052000021 01" + Zero32 + " 00 > 6985", Description = "STEP 1 without a session")]
    [TestCase("8052000020" + Zero32 + " 00 > 6700", Description = "STEP 1: AK0 number missing")]
    [TestCase("8054000040" + Zero32 + Zero32 + " 00 > 6985", Description = "STEP 2 without a session")]
    [TestCase("805400003F" + Zero32 + Zero31 + " 00 > 6700", Description = "STEP 2: neither P2 ‖ P3 nor P2 ‖ P5")]
    [TestCase("8056000020" + Zero32 + " > 6985", Description = "STEP 3 without a session")]
    [TestCase("8050010003 000064 00 > 01 9000", "8052000021 04" + Zero32 + " 00 > 9403", "00B0850002 > 0001 9000", Description = "STEP 1: AK0 4 is APPKEY3, no AK1 after it: BAD_KEY counted")]
    [TestCase("8050010003 000064 00 > 01 9000", "8052000021 02" + Zero32 + " 00 > 9404", "00B0850002 > 0001 9000", Description = "STEP 1: P1 does not decrypt to a valid packet: BAD_KEY counted")]
    [TestCase("8050010003 000064 00 > 01 9000", "8052000021 02" + Zero32 + " 00 > 9404", "8052000021 02" + Zero32 + " 00 > 6985", Description = "STEP 1: an error ends the session")]
    public void ExchangeSteps_GoldenBytes(params string[] steps) => BankTranscript.Run(_reader, steps);

    [TestCase("804000000B 000064 0000000000000000 > 6A81", Description = "CREATE MONEY on a user card")]
    [TestCase("804000000A 000064 00000000000000 > 6700", Description = "CREATE MONEY: wrong length")]
    [TestCase("8042000008 11022026 00000000 00 > 6A81", Description = "ROLL KEYS on a user card")]
    [TestCase("8046010004 00000001 > 6A81", Description = "MANAGE BAD CARD on a user card")]
    [TestCase("8046030004 00000001 > 6A86", Description = "MANAGE BAD CARD: P1 not 01/02")]
    [TestCase("8044010020" + Zero32 + " > 6985", Description = "SET SECURITY LOCK without a challenge")]
    [TestCase("8044020020" + Zero32 + " > 6A86", Description = "SET SECURITY LOCK: P1 not 00/01")]
    [TestCase("8044010008 0000000000000000 > 6700", Description = "SET SECURITY LOCK: the cryptogram has 32 bytes")]
    [TestCase("0084000008 > ????????????????9000", "8044010020" + Zero32 + " > 6985", Description = "SET SECURITY LOCK after an 8-byte challenge")]
    [TestCase("0084000010 > ????????????????????????????????9000", "8044010020" + Zero32 + " > 9404", "00B0850002 > 0001 9000", "8044010020" + Zero32 + " > 6985", Description = "SET SECURITY LOCK: a wrong cryptogram counts BAD_KEY and spends the challenge")]
    [TestCase("8010000000 > 6700", Description = "ISSUE CARD: no data")]
    [TestCase("8010000001 40 > 6A80", Description = "ISSUE CARD: an admin card is never issued by another")]
    [TestCase("8010000002 01 00 > 6700", Description = "ISSUE CARD: a user request has 53 bytes")]
    [TestCase("8010000035 01" + Zero32 + "00000000000000000000000000000000000000 00 > 6A81", Description = "ISSUE CARD on a user card")]
    [TestCase("8012000010 00000000000000000000000000000000 > 6985", Description = "PERSONALISE an active card")]
    public void CardFunctions_GoldenBytes(params string[] steps) => BankTranscript.Run(_reader, steps);

    [Test]
    public void BeginExchange_AtBadKeyLimit_AnswersLocked()
    {
        for (int i = 0; i < 10; i++)
            BankTranscript.Run(_reader, "8050020004 000064 08 00 > 9403");
        BankTranscript.Run(_reader, "8050020004 000064 01 00 > 9405", "8050010003 000064 00 > 9405", "00B0850002 > 000A 9000", "8030000000 > 0101010000 0A 0A01 1000000000000001 414C494345202020 01 11012026 000003E8 03 9000");
    }

    private const string Zero32 = "0000000000000000000000000000000000000000000000000000000000000000";
    private const string Zero31 = "00000000000000000000000000000000000000000000000000000000000000";
}
