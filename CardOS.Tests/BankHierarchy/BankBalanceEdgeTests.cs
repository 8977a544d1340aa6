using CardOS.Applets.BankHierarchy;

namespace CardOS.Tests.BankHierarchy;

/// <summary>BALANCE at its limits: the largest amount, one more, every check bit, a short or undated file.</summary>
public class BankBalanceEdgeTests
{
    [TestCase(0u, "00000000")]
    [TestCase(1u, "00000005")]
    [TestCase(BankBalance.MaxAmount, "FEFEFEFE")]
    [TestCase(0x800000u, "81000000")]
    public void EncodeAmount_Edges_KnownBytesAndBack(uint amount, string hex)
    {
        byte[] bytes = new byte[4];
        BankBalance.EncodeAmount(amount, bytes);
        Assert.That(Convert.ToHexString(bytes), Is.EqualTo(hex));
        Assert.That(BankBalance.TryDecodeAmount(bytes, out uint decoded), Is.True);
        Assert.That(decoded, Is.EqualTo(amount));
    }

    [Test]
    public void EncodeAmount_AboveTheMaximum_ThrowsAndWritesNothing()
    {
        byte[] bytes = [9, 9, 9, 9];
        Assert.Throws<ArgumentOutOfRangeException>(() => BankBalance.EncodeAmount(BankBalance.MaxAmount + 1, bytes));
        Assert.That(bytes, Is.EqualTo(new byte[] { 9, 9, 9, 9 }));
    }

    [Test]
    public void TryDecodeAmount_AnyCheckBitFlipped_False([Range(0, 31)] int bit)
    {
        byte[] bytes = new byte[4];
        BankBalance.EncodeAmount(0xA5A5A5, bytes);
        bytes[bit / 8] ^= (byte)(1 << (bit % 8));
        bool valueBit = (bit % 8) >= 2;

        // A flipped value bit changes the byte's popcount parity: its two check bits no longer match either.
        Assert.That(BankBalance.TryDecodeAmount(bytes, out _), Is.False, valueBit ? "value bit" : "check bit");
    }

    [Test]
    public void TryRead_ShortOrBadDate_False()
    {
        var balance = new BankBalance(1234, 1, BankDate.Parse("01152026"), 200_000, 7, 0x0102030405060708);
        byte[] bytes = new byte[BankBalance.Size];
        balance.WriteTo(bytes);
        Assert.That(BankBalance.TryRead(bytes, out BankBalance read), Is.True);
        Assert.That(read, Is.EqualTo(balance));
        Assert.That(BankBalance.TryRead(bytes.AsSpan(0, BankBalance.Size - 1), out _), Is.False);
        bytes[5] = 0x13; // month 13
        Assert.That(BankBalance.TryRead(bytes, out read), Is.False);
        Assert.That(read, Is.EqualTo(default(BankBalance)));
    }
}
