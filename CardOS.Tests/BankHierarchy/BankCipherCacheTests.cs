using CardOS.Applets.BankHierarchy;

namespace CardOS.Tests.BankHierarchy;

/// <summary>One <see cref="BankCipherCache"/> shared by many cards and threads computes what a private one does.</summary>
public class BankCipherCacheTests
{
    [TestCase(CryptoProfile.Des)]
    [TestCase(CryptoProfile.Aes)]
    public void SharedCache_FourThreadsManyKeys_SealsOpensAndChecksumsExactlyAsPrivateEngines(CryptoProfile profile)
    {
        // More keys than the cache keeps, so slots are evicted while other threads use them.
        int keySize = BankCrypto.KeySizeOf(profile);
        byte[][] keys = [.. Enumerable.Range(1, 30).Select(k => Enumerable.Range(0, keySize).Select(i => (byte)((k * 31) + i)).ToArray())];
        BankCrypto shared = new BankCipherCache().For(profile);
        int mismatches = 0;

        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, thread =>
        {
            var own = new BankCrypto(profile);
            var random = new Random(thread);
            int length = BankCrypto.GroupCount(profile, 1) * 8;
            byte[] groups = new byte[length];
            byte[] expected = new byte[BankCrypto.PacketLength(profile, 1)];
            byte[] actual = new byte[expected.Length];
            byte[] opened = new byte[length];
            byte[] balance = new byte[BankBalance.Size];
            byte[] expectedChecksum = new byte[8];
            byte[] actualChecksum = new byte[8];
            for (int i = 0; i < 2_000; i++)
            {
                byte[] key = keys[random.Next(keys.Length)];
                random.NextBytes(groups);
                random.NextBytes(balance);
                own.Seal(key, 1, groups, expected);
                shared.Seal(key, 1, groups, actual);
                bool open = shared.TryOpen(key, 1, actual, opened);
                own.ComputeChecksum(keys[0], balance, expectedChecksum);
                shared.ComputeChecksum(keys[i % 2], balance, actualChecksum);
                bool checksumAgrees = i % 2 == 1 || expectedChecksum.AsSpan().SequenceEqual(actualChecksum);
                if (!expected.AsSpan().SequenceEqual(actual) || !open || !opened.AsSpan().SequenceEqual(groups) || !checksumAgrees)
                    Interlocked.Increment(ref mismatches);
            }
        });

        Assert.That(mismatches, Is.Zero);
    }

    [Test]
    public void For_UnknownProfile_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new BankCipherCache().For((CryptoProfile)7));
}
