using CardOS.Apdu;
using CardOS.Applets.Purse.Terminal;
using CardOS.Runtime;

namespace CardOS.Tests.Purse;

/// <summary>
/// The purse's card side allocates nothing per APDU once warm but BouncyCastle's CMAC padding object: a whole purchase
/// (INITIALIZE FOR PURCHASE with S1, DEBIT with its S2 check and S3) is measured inside the purse card's
/// <see cref="Card.Transmit(ReadOnlySpan{byte}, Span{byte})"/> only; the merchant, the PSAM and the host-side drivers
/// around it may allocate.
/// </summary>
/// <remarks>
/// BouncyCastle's <c>CMac.DoFinal</c> creates an <c>ISO7816d4Padding</c> (24 bytes) whenever the message's last block is
/// partial, which every purse MAC input is; the platform has no CMAC to use instead, and CMAC is not ours to re-implement.
/// Everything else (key schedules, engines, buffers) is kept: before the schedules were kept, a purchase allocated
/// 4,792 bytes inside the purse.
/// </remarks>
public class PurseAllocationTests
{
    private const int BouncyCastleCmacPaddingBytes = 24;

    [Test]
    public void Purchase_WarmPurse_CardSideAllocatesNothing()
    {
        var world = new PurseWorld(initialBalance: 100_000, maximumBalance: 100_000);
        MerchantService merchant = world.CreateMerchant();
        var purse = new AllocationMeasuringChannel(world.PurseCard);
        for (int i = 0; i < 20; i++)
            Assert.That(merchant.Pay(purse, "warm-up", 1).Code, Is.EqualTo(PaymentResultCode.Completed));

        purse.Reset();
        for (int i = 0; i < 50; i++)
            Assert.That(merchant.Pay(purse, "measured", 1).Code, Is.EqualTo(PaymentResultCode.Completed));

        Assert.That(purse.Commands, Is.GreaterThanOrEqualTo(50 * 3), "the purchases reached the purse");
        const int MacsPerPurchase = 3; // S1, the S2 check, S3
        Assert.That(purse.AllocatedBytes, Is.LessThanOrEqualTo(50 * MacsPerPurchase * BouncyCastleCmacPaddingBytes),
            $"bytes allocated inside the purse card over {purse.Commands} APDUs");
    }

    /// <summary>Counts the bytes the current thread allocates inside the card's Transmit, and nothing around it.</summary>
    private sealed class AllocationMeasuringChannel(Card card) : ICardChannel
    {
        public long AllocatedBytes { get; private set; }

        public int Commands { get; private set; }

        public int Transmit(ReadOnlySpan<byte> command, Span<byte> response)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            int length = card.Transmit(command, response);
            AllocatedBytes += GC.GetAllocatedBytesForCurrentThread() - before;
            Commands++;
            return length;
        }

        public void Reset()
        {
            AllocatedBytes = 0;
            Commands = 0;
        }
    }
}
