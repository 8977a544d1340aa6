using CardOS.Applets.BankHierarchy;

namespace CardOS.Tests.BankHierarchy;

/// <summary>The personalisation record's field checks: Encode refuses each bad field with its reason, TryDecode refuses its bytes.</summary>
public class PersonalisationRecordTests
{
    private static readonly object[] BadFields =
    [
        new object[] { "bad-key-limit", "The BAD_KEY limit is 1-255." },
        new object[] { "account", "The account number is not BCD." },
        new object[] { "name", "The public name is 8 printable ASCII bytes." },
        new object[] { "application", "The application number has 7 bytes." },
        new object[] { "min-trans", "MIN_TRANS has 3 bytes." },
        new object[] { "pin", "The PIN has 1-8 bytes, the holder key 0-16." },
        new object[] { "holder-key", "The PIN has 1-8 bytes, the holder key 0-16." },
        new object[] { "rate", "Rates have 3 bytes." },
        new object[] { "interest", "Rates have 3 bytes." },
        new object[] { "seed", "The seed has 8 bytes and the lock keys 32." },
        new object[] { "lock-key", "The seed has 8 bytes and the lock keys 32." },
        new object[] { "app-keys", "The four application keys and CHECK_KEY have 8 bytes each." },
        new object[] { "check-key", "The four application keys and CHECK_KEY have 8 bytes each." },
        new object[] { "valid-range", "VALID_ACCOUNT's lowest account is above its highest." },
        new object[] { "creation-key", "A center card needs a 16-byte creation key." },
        new object[] { "profile", "Unknown role or profile." },
    ];

    [TestCaseSource(nameof(BadFields))]
    public void Encode_BadField_ThrowsItsReason(string field, string problem)
    {
        PersonalisationRecord good = BankTestCards.Record(BankTestCard.Center);
        PersonalisationRecord bad = field switch
        {
            "bad-key-limit" => good with { BadKeyLimit = 0 },
            "account" => good with { Account = new AccountNumber(0x900000000000000A) },
            "name" => good with { PublicName = [0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x07] },
            "application" => good with { ApplicationNumber = new byte[6] },
            "min-trans" => good with { MinTrans = BankBalance.MaxAmount + 1 },
            "pin" => good with { Pin = new byte[9] },
            "holder-key" => good with { HolderKey = new byte[17] },
            "rate" => good with { Rate = BankBalance.MaxRate + 1 },
            "interest" => good with { Interest = BankBalance.MaxRate + 1 },
            "seed" => good with { RandomSeed = new byte[7] },
            "lock-key" => good with { LockOpenKey = new byte[31] },
            "app-keys" => good with { AppKeys = [new byte[8], new byte[8], new byte[8]] },
            "check-key" => good with { CheckKey = new byte[16] },
            "valid-range" => good with { ValidLow = new AccountNumber(0x2000000000000000), ValidHigh = new AccountNumber(0x1000000000000000) },
            "creation-key" => good with { CreationKey = null },
            _ => good with { Profile = (CryptoProfile)9 },
        };
        var e = Assert.Throws<ArgumentException>(() => bad.Encode());
        Assert.That(e!.Message, Is.EqualTo(problem));
    }

    [TestCase(BankTestCard.Center, CryptoProfile.Des)]
    [TestCase(BankTestCard.Region, CryptoProfile.Aes)]
    [TestCase(BankTestCard.User, CryptoProfile.Des)]
    public void TryDecode_EncodedRecord_RoundTrips(BankTestCard card, CryptoProfile profile)
    {
        PersonalisationRecord record = BankTestCards.Record(card, profile);
        Assert.That(PersonalisationRecord.TryDecode(record.Encode(), out PersonalisationRecord? decoded), Is.True);
        Assert.That(decoded!.Encode(), Is.EqualTo(record.Encode()));
    }

    [TestCase(-1, 0, TestName = "TryDecode_OneByteShort_False")]
    [TestCase(1, 9, TestName = "TryDecode_UnknownProfile_False")]
    [TestCase(0, 0x7F, TestName = "TryDecode_UnknownRole_False")]
    [TestCase(4, 0xAB, TestName = "TryDecode_AccountNotBcd_False")]
    [TestCase(61, 0x13, TestName = "TryDecode_KeyDateMonth13_False")]
    [TestCase(34, 0, TestName = "TryDecode_EmptyPin_False")]
    [TestCase(34, 9, TestName = "TryDecode_PinOf9_False")]
    [TestCase(43, 17, TestName = "TryDecode_HolderKeyOf17_False")]
    [TestCase(3, 0, TestName = "TryDecode_BadKeyLimit0_False")]
    [TestCase(12, 0x07, TestName = "TryDecode_NameNotPrintable_False")]
    public void TryDecode_BadByte_False(int offset, int value)
    {
        byte[] bytes = BankTestCards.Record(BankTestCard.Center).Encode();
        if (offset < 0)
            bytes = bytes[..^1];
        else
            bytes[offset] = (byte)value;
        Assert.That(PersonalisationRecord.TryDecode(bytes, out PersonalisationRecord? record), Is.False);
        Assert.That(record, Is.Null);
    }

    [Test]
    public void TryDecode_BankRangeNotAscii_False()
    {
        PersonalisationRecord center = BankTestCards.Record(BankTestCard.Center);
        byte[] bytes = center.Encode();
        int range = PersonalisationRecord.KeysOffset + (5 * 8);
        bytes[range] = (byte)'X';
        Assert.That(PersonalisationRecord.TryDecode(bytes, out _), Is.False);
    }

    [TestCase("")]
    [TestCase("ALICE")]
    [TestCase("12345678")]
    public void Name_PrintableUpTo8_PaddedWithSpaces(string text) =>
        Assert.That(PersonalisationRecord.Name(text), Has.Length.EqualTo(8).And.All.InRange((byte)0x20, (byte)0x7E));

    [TestCase("123456789")]
    [TestCase("ÄLICE")]
    public void Name_TooLongOrNotAscii_Throws(string text) =>
        Assert.Throws<ArgumentException>(() => PersonalisationRecord.Name(text));
}
