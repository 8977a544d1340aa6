using CardOS.Apdu;
using CardOS.Applets.BankHierarchy;

namespace CardOS.Tests.BankHierarchy;

/// <summary>The file layouts of docs/applets/bank-hierarchy.md, byte for byte.</summary>
public class BankFileLayoutTests
{
    [TestCase(0u, "00000000")]
    [TestCase(1u, "00000005")]
    [TestCase(1000u, "00003CA2")]
    [TestCase(0xFFFFFFu, "FEFEFEFE")]
    [TestCase(0x040000u, "05000000")]
    public void EncodeAmount_SixValueBitsTwoCheckBits_GoldenBytes(uint amount, string expected)
    {
        byte[] bytes = new byte[4];
        BankBalance.EncodeAmount(amount, bytes);
        Assert.That(Hex.Encode(bytes), Is.EqualTo(expected));
        Assert.That(BankBalance.TryDecodeAmount(bytes, out uint decoded) && decoded == amount);
    }

    [TestCase("00003CA3", Description = "one check bit wrong")]
    [TestCase("01000000", Description = "check bits of a zero group not zero")]
    public void TryDecodeAmount_WrongCheckBits_Fails(string bytes) =>
        Assert.That(BankBalance.TryDecodeAmount(Hex.Decode(bytes), out _), Is.False);

    [Test]
    public void Balance_TestVector_GoldenBytes()
    {
        // ALICE's BALANCE after receiving 1,000 (BankGoldenTests reads the same bytes from the card).
        var crypto = new BankCrypto(CryptoProfile.Des);
        byte[] checkKey = BankTestKeys.CheckKey(CryptoProfile.Des);
        byte[] balance = new byte[BankBalance.Size];
        new BankBalance(1000, 0x01, BankDate.Parse("11012026"), 0, 0, 0).WriteBody(balance);
        crypto.ComputeSerial(checkKey, BankTestCards.AccountOf(BankTestCard.User).ToArray(), balance.AsSpan(12));
        crypto.ComputeChecksum(checkKey, balance, balance.AsSpan(16));
        Assert.That(Hex.Encode(balance), Is.EqualTo("00003CA2" + "01" + "11012026" + "000000" + "F69FEBC1" + "70C808DAF8CC225E"));
        Assert.That(BankBalance.TryRead(balance, out BankBalance read));
        Assert.That((read.Amount, read.Currency, read.LastInterestDate.ToString(), read.Serial), Is.EqualTo((1000u, (byte)1, "11012026", 0xF69FEBC1u)));
    }

    [Test]
    public void PassbookEntry_RoundTrip_36Bytes()
    {
        var entry = new PassbookEntry(AccountNumber.Parse("7000000000000001"), 0x4252414E43483120, 0x35B1C2E9446BDCB7, 0x11012026, PassbookEntryType.Received, 1000, 1000);
        byte[] bytes = new byte[PassbookEntry.Size];
        entry.WriteTo(bytes);
        Assert.That(Hex.Encode(bytes), Is.EqualTo("7000000000000001" + "4252414E43483120" + "35B1C2E9446BDCB7" + "11012026" + "43" + "0003E8" + "000003E8"));
        Assert.That(PassbookEntry.Read(bytes), Is.EqualTo(entry));
        Assert.That(entry.OtherNameText, Is.EqualTo("BRANCH1"));
    }

    [TestCase(BankRole.Consumer, CryptoProfile.Des, 180)]
    [TestCase(BankRole.Consumer, CryptoProfile.Aes, 220)]
    [TestCase(BankRole.Branch, CryptoProfile.Des, 216)]
    [TestCase(BankRole.Region, CryptoProfile.Aes, 256)]
    [TestCase(BankRole.Center, CryptoProfile.Des, 232)]
    [TestCase(BankRole.Center, CryptoProfile.Aes, 272)]
    [TestCase(BankRole.Admin, CryptoProfile.Des, 260)]
    [TestCase(BankRole.Admin, CryptoProfile.Aes, 300)]
    public void PersonalisationRecord_Lengths_AsDocumented(BankRole role, CryptoProfile profile, int length)
    {
        Assert.That(PersonalisationRecord.GetLength(role, profile), Is.EqualTo(length));
        AccountNumber account = AccountNumber.Parse("1000000000000009");
        byte[] encoded = BankTestCards.Record(role, account, "CAROL", profile).Encode();
        Assert.That(encoded, Has.Length.EqualTo(length));
        Assert.That(PersonalisationRecord.TryDecode(encoded, out PersonalisationRecord? decoded) && decoded!.Encode().SequenceEqual(encoded));
    }

    [TestCase(BankRole.Consumer, 53)]
    [TestCase(BankRole.Merchant, 53)]
    [TestCase(BankRole.Branch, 89)]
    [TestCase(BankRole.Region, 89)]
    [TestCase(BankRole.Center, 105)]
    [TestCase(BankRole.Admin, 0)]
    public void IssueRequest_Lengths_AsDocumented(BankRole role, int length) =>
        Assert.That(IssueRequest.GetLength(role), Is.EqualTo(length));

    [TestCase("1000000000000001", "1000000000000002")]
    [TestCase("1000000000000999", "1000000000001000")]
    [TestCase("0999999999999999", "1000000000000000")]
    public void AccountNumber_Increment_IsDecimal(string account, string next)
    {
        Assert.That(AccountNumber.Parse(account).TryIncrement(out AccountNumber following));
        Assert.That(following.ToString(), Is.EqualTo(next));
    }

    [TestCase("13012026")]
    [TestCase("02302026")]
    [TestCase("1101202A")]
    public void BankDate_Invalid_Rejected(string bcd) => Assert.That(BankDate.TryRead(Hex.Decode(bcd), out _), Is.False);
}
