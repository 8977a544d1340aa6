using CardOS.Apdu;
using CardOS.Applets.BankHierarchy;
using FsCheck;
using FsCheck.Fluent;

namespace CardOS.Tests.BankHierarchy;

/// <summary>Packets P1-P6 (docs/applets/bank-hierarchy.md, Packets): interleaving, sealing, sizes.</summary>
public class BankPacketTests
{
    private static readonly byte[] Groups = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    [Test]
    public void Interleave_FourGroups_TwoBytesAtATime()
    {
        byte[] mixed = new byte[32];
        PacketCodec.Interleave(Groups, mixed);
        Assert.That(Hex.Encode(mixed), Is.EqualTo("0001080910111819" + "02030A0B12131A1B" + "04050C0D14151C1D" + "06070E0F16171E1F"));
    }

    [TestCase(CryptoProfile.Des, 1, 32)]
    [TestCase(CryptoProfile.Des, 5, 48)]
    [TestCase(CryptoProfile.Des, 6, 48)]
    [TestCase(CryptoProfile.Aes, 4, 40)]
    [TestCase(CryptoProfile.Aes, 5, 56)]
    [TestCase(CryptoProfile.Aes, 6, 72)]
    public void PacketLength_AsDocumented(CryptoProfile profile, int number, int length) =>
        Assert.That(BankCrypto.PacketLength(profile, number), Is.EqualTo(length));

    [TestCase(CryptoProfile.Des, "D65E23B05B3CA0A84DD82B94675AF35C74EECD67894E37DCAE2E5D922F084B02")]
    [TestCase(CryptoProfile.Aes, "F18304FA2F95A461F3C2EECF825CDB014462FA14600270D0EAEEC162F7264EDB" + "6F47ABED370D0AC2")]
    public void Seal_TestKey1_GoldenBytes(CryptoProfile profile, string expected)
    {
        var crypto = new BankCrypto(profile);
        byte[] packet = new byte[BankCrypto.PacketLength(profile, 1)];
        crypto.Seal(BankTestKeys.AppKey(1, profile), 1, Groups, packet);
        Assert.That(Hex.Encode(packet), Is.EqualTo(expected));
    }

    [TestCase(CryptoProfile.Des)]
    [TestCase(CryptoProfile.Aes)]
    public void Seal_Ciphertext_IsPlatformCbcOfTheInterleavedGroups(CryptoProfile profile)
    {
        // An independent check of the BouncyCastle path: System.Security.Cryptography's CBC, IV zero, no padding.
        byte[] mixed = new byte[32];
        PacketCodec.Interleave(Groups, mixed);
        byte[] key = BankTestKeys.AppKey(1, profile);
        byte[] expected;
        if (profile == CryptoProfile.Des)
        {
#pragma warning disable CA5351 // The DES profile is the patent's; this test checks it against the platform's DES.
            using var des = System.Security.Cryptography.DES.Create();
#pragma warning restore CA5351
            des.Key = key;
            expected = des.EncryptCbc(mixed, new byte[8], System.Security.Cryptography.PaddingMode.None);
        }
        else
        {
            using var aes = System.Security.Cryptography.Aes.Create();
            aes.Key = key;
            byte[] encryptionKey = new byte[16];
            encryptionKey[0] = 0x01;
            aes.Key = aes.EncryptEcb(encryptionKey, System.Security.Cryptography.PaddingMode.None);
            expected = aes.EncryptCbc(mixed, new byte[16], System.Security.Cryptography.PaddingMode.None);
        }

        var crypto = new BankCrypto(profile);
        byte[] packet = new byte[BankCrypto.PacketLength(profile, 1)];
        crypto.Seal(key, 1, Groups, packet);
        Assert.That(Hex.Encode(packet.AsSpan(0, 32)), Is.EqualTo(Hex.Encode(expected)));
    }

    [TestCase(CryptoProfile.Aes, 0)]
    [TestCase(CryptoProfile.Aes, 39)]
    public void TryOpen_AesTagWrong_Fails(CryptoProfile profile, int flip)
    {
        var crypto = new BankCrypto(profile);
        byte[] packet = new byte[BankCrypto.PacketLength(profile, 2)];
        crypto.Seal(BankTestKeys.AppKey(2, profile), 2, Groups, packet);
        packet[flip] ^= 1;
        Assert.That(crypto.TryOpen(BankTestKeys.AppKey(2, profile), 2, packet, new byte[32]), Is.False);
        packet[flip] ^= 1;
        Assert.That(crypto.TryOpen(BankTestKeys.AppKey(2, profile), 3, packet, new byte[32]), Is.False, "the packet number is authenticated");
    }

    [FsCheck.NUnit.Property(MaxTest = 300)]
    public Property SealThenOpen_AnyGroupsAnyKey_RoundTrips() =>
        Prop.ForAll(
            Gen.Elements(CryptoProfile.Des, CryptoProfile.Aes).ToArbitrary(),
            Gen.Choose(1, 6).ToArbitrary(),
            ArbMap.Default.GeneratorFor<byte[]>().Where(b => b.Length >= 64).ToArbitrary(),
            (profile, number, bytes) =>
            {
                var crypto = new BankCrypto(profile);
                int length = BankCrypto.GroupCount(profile, number) * 8;
                byte[] key = bytes[..BankCrypto.KeySizeOf(profile)];
                byte[] packet = new byte[BankCrypto.PacketLength(profile, number)];
                crypto.Seal(key, number, bytes.AsSpan(0, length), packet);
                byte[] opened = new byte[length];
                return crypto.TryOpen(key, number, packet, opened) && opened.AsSpan().SequenceEqual(bytes.AsSpan(0, length));
            });
}
