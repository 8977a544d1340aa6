using System.Numerics;
using CardOS.Applets.SecurityCard;

namespace CardOS.Tests.SecurityCard;

public class SchnorrGroupTests
{
    private static readonly SchnorrGroup Group = SchnorrGroup.Rfc5114Modp2048Q256;

    [Test]
    public void Rfc5114Group_Sizes_Are2048And256Bits()
    {
        Assert.That(Group.P.GetBitLength(), Is.EqualTo(2048));
        Assert.That(Group.Q.GetBitLength(), Is.EqualTo(256));
        Assert.That(Group.ElementLength, Is.EqualTo(256));
        Assert.That(Group.ScalarLength, Is.EqualTo(32));
    }

    [Test]
    public void Rfc5114Group_QDividesPMinusOne_AndGHasOrderQ()
    {
        Assert.That(((Group.P - 1) % Group.Q).IsZero, Is.True, "Q | P - 1");
        Assert.That(BigInteger.ModPow(Group.G, Group.Q, Group.P).IsOne, Is.True, "g^Q = 1 mod P");
        Assert.That(Group.G.IsOne, Is.False, "g != 1");
    }

    [Test]
    public void Rfc5114Group_PAndQ_ArePrime()
    {
        // BouncyCastle's Miller-Rabin (never a hand-rolled test).
        Assert.That(new Org.BouncyCastle.Math.BigInteger(1, Group.P.ToByteArray(isUnsigned: true, isBigEndian: true)).IsProbablePrime(20), Is.True);
        Assert.That(new Org.BouncyCastle.Math.BigInteger(1, Group.Q.ToByteArray(isUnsigned: true, isBigEndian: true)).IsProbablePrime(20), Is.True);
    }

    [Test]
    public void PublicKey_IsInverseOfGToTheSecret()
    {
        var secret = new BigInteger(123456789);
        BigInteger y = Group.PublicKey(secret);
        Assert.That((y * BigInteger.ModPow(Group.G, secret, Group.P) % Group.P).IsOne, Is.True);
        Assert.That(Group.IsElement(y), Is.True);
    }

    [TestCase(0)]
    [TestCase(-1)]
    public void PublicKey_SecretOutOfRange_Throws(int secret) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Group.PublicKey(secret));

    [Test]
    public void PublicKey_SecretEqualToQ_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Group.PublicKey(Group.Q));
}
