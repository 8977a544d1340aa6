namespace CardOS.Tests.SecurityCard;

/// <summary>
/// Golden exchanges with the security card (docs/applets/security-card.md): each step is "command &gt; response" in hex,
/// run in order on a card personalised with the test keys (seed 1), or on a blank one.
/// </summary>
public class SecurityCardGoldenTests
{
    // spec: amount 1000, EUR (03D2), S_id 42, time 6553F100, no details.
    internal const string Spec1000 = "000003E8 03D2 0000000000000042 6553F100";
    internal const string Pay1000 = "8030000012 " + Spec1000 + " 00";
    internal const string Pay20000 = "8030000012 00004E20 03D2 0000000000000042 6553F100 00";
    private const string Select = SecurityCardHarness.SelectCard;
    private const string Verify = SecurityCardHarness.VerifyPin;
    private const string WrongPin = "00200081082412 35FFFFFFFFFF";

    [TestCase(Select, Description = "ISO/IEC 7816-4 7.1.1: SELECT the security card")]
    [TestCase(Select, "00200081 > 63C3", Description = "ISO/IEC 7816-4 7.5.6: VERIFY without data: 63C3, three tries, not verified")]
    [TestCase(Select, Verify, "00200081 > 9000", Description = "VERIFY without data after a good PIN: 9000")]
    [TestCase(Select, WrongPin + " > 63C2", WrongPin + " > 63C1", Verify, "00200081 > 9000", Description = "wrong PINs count down; a good PIN restores the counter")]
    [TestCase(Select, WrongPin + " > 63C2", WrongPin + " > 63C1", WrongPin + " > 63C0", "0020008108241234FFFFFFFFFF > 6983", "00200081 > 6983", Description = "the third wrong PIN blocks: 63C0, then 6983 even for the right PIN")]
    [TestCase(Select, "002000810412341234 > 6700", "00200081 > 63C3", Description = "VERIFY with a PIN block of the wrong length: 6700, no try used")]
    [TestCase(Select, "0020008108 3412 34FFFFFFFFFF > 6A80", "0020008108 2412 3AFFFFFFFFFF > 6A80", "00200081 > 63C3", Description = "VERIFY with a malformed format 2 block: 6A80, no try used")]
    [TestCase(Select, "0020008008241234FFFFFFFFFF > 6A88", "0020018108241234FFFFFFFFFF > 6A86", Description = "VERIFY: unknown reference 6A88, P1 not 00 6A86")]
    [TestCase(Select, "0024008110 241234FFFFFFFFFF 244321FFFFFFFFFF > 9000", "0020008108244321FFFFFFFFFF > 9000", Description = "ISO/IEC 7816-4 7.5.7: CHANGE REFERENCE DATA old and new")]
    [TestCase(Select, "0024008110 241235FFFFFFFFFF 244321FFFFFFFFFF > 63C2", Verify, Description = "CHANGE REFERENCE DATA with a wrong old PIN: 63C2, PIN unchanged")]
    [TestCase(Select, "0024018108 244321FFFFFFFFFF > 6985", "0024028108244321FFFFFFFFFF > 6A86", "0024008208241234FFFFFFFFFF > 6A88", "0024008108241234FFFFFFFFFF > 6700", Description = "CHANGE REFERENCE DATA: setting (P1 01) only at personalisation, bad P1, bad reference, wrong length")]
    public void Pin_GoldenBytes(params string[] steps) => SecurityCardHarness.Personalised().Run(steps);

    [TestCase(Select, Pay1000 + " > 6982", Description = "PAYMENT without the PIN: 6982")]
    [TestCase(Select, Verify, Pay20000 + " > 9401", "00CADF2000 > 050003FF 00002710 00000000 00000000 00000000 9000", Description = "PAYMENT above C_balance: 9401, nothing changes")]
    [TestCase(Select, Verify, Pay20000 + " > 9401", Pay1000 + " > 6982", Description = "a PIN presentation approves one payment attempt, even a refused one")]
    [TestCase(Select, Verify, "8030000012 00000000 03D2 0000000000000042 6553F100 00 > 6A80", Description = "PAYMENT of amount 0: 6A80")]
    [TestCase(Select, Verify, "8030000012 000003E8 0348 0000000000000042 6553F100 00 > 6A80", Description = "PAYMENT in another currency (USD) than the card's: 6A80")]
    [TestCase(Select, Verify, "8030000011 000003E8 03D2 0000000000000042 6553F1 00 > 6700", Description = "PAYMENT with a spec shorter than 18 bytes: 6700")]
    [TestCase(Select, Verify, "8030000112 " + Spec1000 + " 00 > 6A86", Description = "PAYMENT with P1-P2 not 0000: 6A86")]
    [TestCase(Select, Verify, "0030000012 " + Spec1000 + " 00 > 6E00", Description = "PAYMENT under the interindustry class: 6E00")]
    [TestCase(Select, Verify, "8430000012 " + Spec1000 + " 00 > 6882", Description = "PAYMENT with secure messaging bits in the proprietary class: 6882")]
    [TestCase(Select, "80FE0000 > 6D00", "00FE0000 > 6D00", "80200000 > 6E00", Description = "unknown instructions 6D00; an ISO instruction under CLA 80: 6E00")]
    public void Payment_Refusals_GoldenBytes(params string[] steps) => SecurityCardHarness.Personalised().Run(steps);

    [TestCase(Select, "00CADF2000 > 050003FF 00002710 00000000 00000000 00000000 9000", Description = "GET DATA DF20: operational, unlocked, 3 tries, all items, C_balance 10000, ser# 0, seq# 0, last credited 0")]
    [TestCase(Select, "00CADF1000 > 6A88", "00CADF1100 > 6A88", "00CADF1200 > 6A88", "00CADF1300 > 6A88", "00CADF1400 > 6A88", Description = "GET DATA of a secret: 6A88, as for any tag the card does not give out")]
    [TestCase(Select, "00CADF2100 > 6A88", Description = "GET DATA DF21 before any payment: 6A88")]
    [TestCase(Select, "00CADF2001AA00 > 6700", Description = "GET DATA with a data field: 6700")]
    [TestCase(Select, "00DADF1504 0000FFFF > 6985", "00DADF1020 " + "0000000000000000000000000000000000000000000000000000000000000001 > 6985", Description = "PUT DATA after activation: 6985")]
    [TestCase(Select, "0047800100 > 6985", "0044 0000 > 6985", Description = "GENERATE S_U and ACTIVATE FILE after activation: 6985")]
    [TestCase(Select, "0047810300 > 6A88", "0047820100 > 6A86", "004781010100 > 6700", Description = "GENERATE ASYMMETRIC KEY PAIR: unknown key 6A88, bad P1 6A86, data field 6700")]
    public void Data_GoldenBytes(params string[] steps) => SecurityCardHarness.Personalised().Run(steps);

    [TestCase(Select, "0084000008 > 6700", "00840000 > 6700", "0084010010 > 6A86", Description = "GET CHALLENGE: Le below 16 or absent 6700; P1-P2 not 0000 6A86")]
    [TestCase(Select, "0082008120 " + Zero32 + " > 6985", Description = "EXTERNAL AUTHENTICATE without a challenge: 6985")]
    [TestCase(Select, "0084000010 > *", "0082008120 " + Zero32 + " > 6300", "0082008120 " + Zero32 + " > 6985", Description = "EXTERNAL AUTHENTICATE with a wrong cryptogram: 6300; the challenge is spent")]
    [TestCase(Select, "0084000010 > *", "00CADF2000 > *", "0082008120 " + Zero32 + " > 6985", Description = "a challenge is good for the next command only")]
    [TestCase(Select, "0082008320 " + Zero32 + " > 6A88", "0082018120 " + Zero32 + " > 6A86", "008200811F " + Zero31 + " > 6700", Description = "EXTERNAL AUTHENTICATE: unknown key 6A88, P1 6A86, length 6700")]
    public void Lock_GoldenBytes(params string[] steps) => SecurityCardHarness.Personalised().RunWithWildcards(steps);

    [TestCase(Select, "803200000400000064 00 > 6982", Description = "WITHDRAWAL REQUEST without the PIN: 6982")]
    [TestCase(Select, Verify, "8032000003000064 00 > 6700", Description = "WITHDRAWAL REQUEST amount of 3 bytes: 6700")]
    [TestCase(Select, Verify, "8032000004FFFFFFFF 00 > 9402", Description = "WITHDRAWAL REQUEST that would take C_balance past 2^32 - 1: 9402")]
    [TestCase(Select, "8034000028 " + Zero32 + Zero8 + " > 6985", Description = "WITHDRAWAL ACKNOWLEDGE with no request waiting: 6985")]
    [TestCase(Select, "8034000027 " + Zero31 + Zero8 + " > 6700", Description = "WITHDRAWAL ACKNOWLEDGE of a wrong length: 6700")]
    public void Withdrawal_GoldenBytes(params string[] steps) => SecurityCardHarness.Personalised().Run(steps);

    [TestCase(Select, "00CADF2000 > 03000000 00000000 00000000 00000000 00000000 9000", Description = "a blank card: life cycle 03 (initialisation), nothing personalised")]
    [TestCase(Select, Pay1000 + " > 6985", "803200000400000064 00 > 6985", "0084000010 > *", "0082008120 " + Zero32 + " > 6985", Description = "payment, withdrawal and lock commands before activation: 6985")]
    [TestCase(Select, "0044 0000 > 6985", "00CA7F2100 > 6A88", Description = "ACTIVATE FILE with items missing: 6985; no CARD-CERT yet: 6A88")]
    [TestCase(Select, "00200081 > 6984", "0020008108241234FFFFFFFFFF > 6984", Description = "VERIFY before a PIN is set: 6984")]
    [TestCase(Select, "0024018108241234FFFFFFFFFF > 9000", "00200081 > 63C3", "0024018108341234FFFFFFFFFF > 6A80", Description = "CHANGE REFERENCE DATA P1 01 sets the PIN at personalisation; a malformed block 6A80")]
    [TestCase(Select, "00DADF1020 " + Q + " > 6A80", "00DADF1020 " + Zero32 + " > 6A80", "00DADF101F " + Zero31 + " > 6700", "00DADF3004 00000001 > 6A88", Description = "PUT DATA: S_U equal to Q or zero 6A80, wrong length 6700, unknown tag 6A88")]
    [TestCase(Select, "00DADF1020 " + One32 + " > 9000", "00CADF2000 > 03000001 00000000 00000000 00000000 00000000 9000", Description = "PUT DATA S_U sets its flag")]
    [TestCase(Select, "0047810100 > 6A88", "0047800200 > 6A86", Description = "read P_U before S_U exists 6A88; S_C is never generated on card 6A86")]
    public void Personalisation_GoldenBytes(params string[] steps) => SecurityCardHarness.Blank().RunWithWildcards(steps);

    [Test]
    public void PutCardCertificate_BeforeSecrets_Answers6985()
    {
        SecurityCardHarness card = SecurityCardHarness.Blank();
        string certificate = "01" + new string('0', (Applets.SecurityCard.CardCertificate.Length - 1) * 2);
        card.Run("00DA7F21 00025D " + certificate + " > 6985", "00DA7F21 00025C " + certificate[2..] + " > 6700");
    }

    [Test]
    public void Payment_Success_GoldenBytes()
    {
        // The answer is PAYMENT-CERT = ser# 00000000, Lspec 12, spec, b, r; fixed by the seed.
        SecurityCardHarness card = SecurityCardHarness.Personalised();
        card.Run(Select, Verify);
        string answer = card.Send(Pay1000).ToString();
        Assert.That(answer, Does.StartWith("0000000012" + Spec1000.Replace(" ", "", StringComparison.Ordinal)));
        Assert.That(answer, Has.Length.EqualTo(2 * (4 + 1 + 18 + 32 + 32 + 2)));
        Assert.That(answer, Is.EqualTo(PaymentAnswer));
        card.Run(
            "00CADF2000 > 050003FF 00002328 00000001 00000000 00000000 9000",
            "00CADF2100 > " + PaymentAnswer[..^4] + "9000",
            Pay1000 + " > 6982");
    }

    internal const string PaymentAnswer =
        "0000000012000003E803D200000000000000426553F100"
        + "919E665613BBA87D3DC53A2B577865B355852EB1B0A6B50AE02370113A2E4FCB"
        + "0EC23F08281B6CFA809158D220ACFFE51C546DFC8635C0C4E9A5FB05F621F586"
        + "9000";

    private const string Zero8 = "0000000000000000";
    private const string Zero31 = "00000000000000000000000000000000000000000000000000000000000000";
    private const string Zero32 = Zero31 + "00";
    private const string One32 = Zero31 + "01";
    private const string Q = "8CF83642A709A097B447997640129DA299B1A47D1EB3750BA308B0FE64F5FBD3";
}
