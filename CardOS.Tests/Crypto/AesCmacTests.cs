using CardOS.Apdu;
using CardOS.Applets.Crypto;

namespace CardOS.Tests.Crypto;

/// <summary>AES-CMAC against RFC 4493 section 4's test vectors, per call and with kept key schedules.</summary>
public class AesCmacTests
{
    private const string Rfc4493Key = "2B7E151628AED2A6ABF7158809CF4F3C";

    private const string Rfc4493Message = "6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC45AF8E51" +
        "30C81C46A35CE411E5FBC1191A0A52EFF69F2445DF4F9B17AD2B417BE66C3710";

    [TestCase(0, "BB1D6929E95937287FA37D129B756746", Description = "RFC 4493 example 1: empty message")]
    [TestCase(16, "070A16B46B4D4144F79BDD9DD04A287C", Description = "RFC 4493 example 2: one whole block")]
    [TestCase(40, "DFA66747DE9AE63030CA32611497C827", Description = "RFC 4493 example 3: a partial last block")]
    [TestCase(64, "51F0BEBF7E3B9D92FC49741779363CFE", Description = "RFC 4493 example 4: four whole blocks")]
    public void Compute_Rfc4493Vectors_PerCallAndScheduled(int length, string expected)
    {
        byte[] key = Hex.Decode(Rfc4493Key);
        byte[] message = Hex.Decode(Rfc4493Message)[..length];
        byte[] perCall = new byte[16];
        byte[] scheduled = new byte[16];
        var schedules = new AesCmacSchedules();

        AesCmac.Compute(key, message, perCall);
        schedules.Compute(key, message, scheduled);
        schedules.Compute(key, message, scheduled); // the kept schedule gives the same answer again

        Assert.Multiple(() =>
        {
            Assert.That(Hex.Encode(perCall), Is.EqualTo(expected));
            Assert.That(Hex.Encode(scheduled), Is.EqualTo(expected));
        });
    }

    [Test]
    public void Compute_MoreKeysThanKept_EachKeyMacsUnderItself()
    {
        var schedules = new AesCmacSchedules();
        byte[] message = Hex.Decode(Rfc4493Message)[..40];
        var random = new Random(7);
        byte[][] keys = Enumerable.Range(0, 7).Select(_ => { byte[] k = new byte[16]; random.NextBytes(k); return k; }).ToArray();

        // Round-robin over more keys than the schedules keep, so every key is evicted and rebuilt in turn.
        for (int round = 0; round < 3; round++)
        {
            foreach (byte[] key in keys)
            {
                byte[] expected = new byte[8];
                byte[] actual = new byte[8];
                AesCmac.Compute(key, message, expected);
                schedules.Compute(key, message, actual);
                Assert.That(actual, Is.EqualTo(expected));
            }
        }
    }

    [Test]
    public void Compute_KeyChangedInPlace_MissesTheOldSchedule()
    {
        var schedules = new AesCmacSchedules();
        byte[] key = Hex.Decode(Rfc4493Key);
        byte[] message = Hex.Decode(Rfc4493Message)[..16];
        byte[] mac = new byte[16];
        schedules.Compute(key, message, mac);

        key[0] ^= 0x01; // as an applet's EEPROM key changes under the same span
        byte[] expected = new byte[16];
        AesCmac.Compute(key, message, expected);
        schedules.Compute(key, message, mac);
        Assert.That(mac, Is.EqualTo(expected));
    }
}
