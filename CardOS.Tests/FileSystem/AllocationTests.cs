using CardOS.Apdu;

namespace CardOS.Tests.FileSystem;

/// <summary>The file commands allocate nothing per command once the card is warm (success paths; errors throw an exception by design).</summary>
public class AllocationTests
{
    [TestCase("00A4080C047F106F01", Description = "SELECT by path")]
    [TestCase("00A40804047F106F0100", Description = "SELECT by path with FCP")]
    [TestCase("00A4040409F0434152444F53444600", Description = "SELECT by DF name")]
    [TestCase("00B0810010", Description = "READ BINARY by SFI")]
    [TestCase("00B0810020", Description = "READ BINARY with 6282")]
    [TestCase("00D6810004 01020304", Description = "UPDATE BINARY")]
    [TestCase("00B2011400", Description = "READ RECORD")]
    [TestCase("00DC011410 42424242424242424242424242424242", Description = "UPDATE RECORD")]
    [TestCase("00E2001808 0102030405060708", Description = "APPEND RECORD to a cyclic EF")]
    [TestCase("002000810431323334", Description = "VERIFY with the right PIN")]
    public void Transmit_WarmCard_AllocatesNothing(string hex)
    {
        var demo = new DemoCard();
        demo.Send(DemoCard.SelectDf);
        demo.Send(DemoCard.VerifyPin);
        byte[] command = Hex.Decode(hex);
        byte[] response = new byte[CardOS.Runtime.Card.MaxResponseLength];
        for (int i = 0; i < 20; i++)
            demo.Card.Transmit(command, response);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
            demo.Card.Transmit(command, response);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(StatusWord.ReadFrom(response.AsSpan(0, demo.Card.Transmit(command, response))).Sw1, Is.AnyOf(0x90, 0x62));
        Assert.That(allocated, Is.Zero);
    }
}
