using CardOS.Apdu;
using CardOS.Applets.BankHierarchy;

namespace CardOS.Tests.BankHierarchy;

/// <summary>The figures docs/BENCHMARKS.md reports besides speed: APDUs and EEPROM writes per transfer.</summary>
public class BankTransferCostTests
{
    [TestCase(CryptoProfile.Des)]
    [TestCase(CryptoProfile.Aes)]
    public void Transfer_Costs_FiveApdusAndBoundedEepromWrites(CryptoProfile profile)
    {
        var alice = BankCards.Test(BankTestCard.User, 1, profile);
        var bob = BankCards.Test(BankTestCard.SecondUser, 2, profile);
        var counter = new CountingChannel(alice.Reader);
        var payer = new BankCardClient(counter) { Profile = profile };
        var payee = new BankCardClient(new CountingChannel(bob.Reader, counter)) { Profile = profile };
        long bytesBefore = alice.Card.Eeprom.BytesWritten + bob.Card.Eeprom.BytesWritten;
        long writesBefore = alice.Card.Eeprom.WriteCount + bob.Card.Eeprom.WriteCount;
        const int transfers = 100;
        for (int i = 0; i < transfers; i++)
            Assert.That(BankExchangeTerminal.Transfer(i % 2 == 0 ? payer : payee, i % 2 == 0 ? payee : payer, 1).IsCompleted);

        double bytes = (double)(alice.Card.Eeprom.BytesWritten + bob.Card.Eeprom.BytesWritten - bytesBefore) / transfers;
        double writes = (double)(alice.Card.Eeprom.WriteCount + bob.Card.Eeprom.WriteCount - writesBefore) / transfers;
        TestContext.Out.WriteLine($"{profile}: {counter.Count / (double)transfers} APDUs, {writes} EEPROM writes, {bytes} EEPROM bytes per transfer (both cards)");
        Assert.That(counter.Count, Is.EqualTo(5 * transfers));
        Assert.That(bytes, Is.LessThan(600));
    }

    private sealed class CountingChannel(ICardChannel inner, CountingChannel? shared = null) : ICardChannel
    {
        private int _count;

        public int Count => shared?.Count ?? _count;

        public int Transmit(ReadOnlySpan<byte> command, Span<byte> response)
        {
            if (shared is null)
                _count++;
            else
                shared._count++;
            return inner.Transmit(command, response);
        }
    }
}
