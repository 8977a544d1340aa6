using CardOS.Apdu;
using CardOS.Applets.BankHierarchy;
using CardOS.Runtime;

namespace CardOS.Tests.BankHierarchy;

/// <summary>
/// Issue 12, item 3: the DES profile's BALANCE checksum is DES_CHECK_KEY(DES_{bytes 8-15}(bytes 0-7)), the patent's
/// construction. DES ignores the low (parity) bit of every key byte, so the low bits of BALANCE bytes 8-15 (the last
/// date byte, the three interest-rate bytes, the four serial bytes) are outside the checksum: flipping one in EEPROM goes
/// undetected. The AES profile's CMAC covers all 16 bytes and answers 6581 for the same flip
/// (docs/applets/bank-hierarchy.md, BALANCE).
/// </summary>
public class BankChecksumBlindSpotTests
{
    private const int RateOffset = 9;

    [Test]
    public void DesProfile_RateLowBitFlippedInEeprom_CardStillAcceptsItsBalance()
    {
        (Card card, BankCardClient client) = Funded(CryptoProfile.Des);
        byte[] before = RawBalance(client);
        FlipInEeprom(card, before, RateOffset, 0x01);

        BankBalance read = client.ReadBalance().Balance;
        Assert.That(read.Rate, Is.EqualTo(BankBalance.ReadUInt24(before.AsSpan(RateOffset)) ^ 0x010000u), "the rate the card now holds");
        Assert.That(Transfer(CryptoProfile.Des, client), Is.EqualTo(StatusWord.Success), "the corrupt balance passes the checksum and pays");
    }

    [Test]
    public void AesProfile_SameRateBitFlippedInEeprom_Answers6581()
    {
        (Card card, BankCardClient client) = Funded(CryptoProfile.Aes);
        FlipInEeprom(card, RawBalance(client), RateOffset, 0x01);
        Assert.That(Transfer(CryptoProfile.Aes, client), Is.EqualTo(StatusWord.MemoryFailure));
    }

    /// <summary>Every one of the 128 bits of bytes 0-15, flipped alone: the DES profile misses exactly the 8 low bits of bytes 8-15, the AES profile none.</summary>
    [TestCase(CryptoProfile.Des, "8:01 9:01 10:01 11:01 12:01 13:01 14:01 15:01")]
    [TestCase(CryptoProfile.Aes, "")]
    public void EveryBodyBit_FlippedAlone_UndetectedExactlyInTheBlindSpot(CryptoProfile profile, string blindSpot)
    {
        var crypto = new BankCrypto(profile);
        byte[] checkKey = BankTestKeys.CheckKey(profile);
        (_, BankCardClient client) = Funded(profile);
        byte[] balance = RawBalance(client);
        byte[] checksum = new byte[8];
        var undetected = new List<string>();
        for (int offset = 0; offset < 16; offset++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                byte[] flipped = (byte[])balance.Clone();
                flipped[offset] ^= (byte)(1 << bit);
                crypto.ComputeChecksum(checkKey, flipped, checksum);
                if (checksum.AsSpan().SequenceEqual(flipped.AsSpan(16)))
                    undetected.Add($"{offset}:{1 << bit:X2}");
            }
        }

        Assert.That(string.Join(' ', undetected), Is.EqualTo(blindSpot));
    }

    private static (Card Card, BankCardClient Client) Funded(CryptoProfile profile)
    {
        (Card card, _, BankCardClient client) = BankCards.Test(BankTestCard.User, seed: 7, profile);
        return (card, client);
    }

    private static byte[] RawBalance(BankCardClient client)
    {
        BankBalance balance = client.ReadBalance().Balance;
        byte[] bytes = new byte[BankBalance.Size];
        balance.WriteTo(bytes);
        return bytes;
    }

    /// <summary>Flips <paramref name="mask"/> in byte <paramref name="offset"/> of the BALANCE file where it lies in the EEPROM (its one copy there).</summary>
    private static void FlipInEeprom(Card card, byte[] balance, int offset, byte mask)
    {
        ReadOnlySpan<byte> memory = card.Eeprom.Read(0, card.Eeprom.Capacity);
        int at = memory.IndexOf(balance);
        Assert.That(at, Is.GreaterThanOrEqualTo(0), "BALANCE found in the EEPROM");
        Assert.That(memory[(at + 1)..].IndexOf(balance), Is.EqualTo(-1), "one copy");
        card.Eeprom.Write(at + offset, [(byte)(memory[at + offset] ^ mask)]);
    }

    /// <summary>Pays 1 unit from the card to a fresh second user; the first status word that is not 9000, or 9000.</summary>
    private static StatusWord Transfer(CryptoProfile profile, BankCardClient payer)
    {
        (_, _, BankCardClient payee) = BankCards.Test(BankTestCard.SecondUser, seed: 8, profile);
        ExchangeOutcome outcome = BankExchangeTerminal.Transfer(payer.Unlocked(), payee.Unlocked(), 1);
        return outcome.IsCompleted ? StatusWord.Success : outcome.StatusWord;
    }
}
