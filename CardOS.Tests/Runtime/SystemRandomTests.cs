using CardOS.Runtime;

namespace CardOS.Tests.Runtime;

public class SystemRandomTests
{
    [Test]
    public void Fill_ManySmallDraws_NeverRepeatsABlockAndCrossesBlockBoundaries()
    {
        // 16-byte draws over several 512-byte blocks: a repeated 16-byte value would mean bytes were handed out twice.
        var seen = new HashSet<string>();
        byte[] draw = new byte[16];
        for (int i = 0; i < 1_000; i++)
        {
            SystemRandom.Fill(draw);
            Assert.That(seen.Add(Convert.ToHexString(draw)), Is.True, $"draw {i} repeated an earlier one");
        }
    }

    [Test]
    public void Fill_OddSizesAndLargeRequests_FillEveryByte()
    {
        foreach (int length in new[] { 8, 100, 129, 4_096 })
        {
            byte[] first = new byte[length];
            byte[] second = new byte[length];
            SystemRandom.Fill(first);
            SystemRandom.Fill(second);
            Assert.That(first, Is.Not.EqualTo(second), $"two {length}-byte draws");
        }
    }

    [Test]
    public void Fill_FromSeveralThreads_EachThreadDrawsItsOwnBytes()
    {
        string[] draws = new string[8 * 200];
        Parallel.For(0, 8, thread =>
        {
            byte[] draw = new byte[16];
            for (int i = 0; i < 200; i++)
            {
                SystemRandom.Fill(draw);
                draws[(thread * 200) + i] = Convert.ToHexString(draw);
            }
        });

        Assert.That(draws, Is.Unique);
    }
}
