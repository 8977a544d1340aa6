using CardOS.Apdu;
using CardOS.Applets.BankHierarchy;
using CardOS.Applets.BankHierarchy.Commands;
using CardOS.Runtime;

namespace CardOS.Tests.BankHierarchy;

/// <summary>
/// The bank's value checks that only matter when something changes between the steps of an exchange (a balance
/// moved, a lock closed), when a card's own BALANCE is corrupt, or when a peer lies inside a correctly sealed packet.
/// Where a card cannot reach such a state through its commands alone, the test writes a genuine BALANCE (one the card
/// wrote itself at another moment) straight into its EEPROM, as a fault or a second terminal would.
/// </summary>
public class BankValueGuardTests
{
    [TestCase(CryptoProfile.Des)]
    [TestCase(CryptoProfile.Aes)]
    public void Step2_PayeeSealedAnotherAmount_PayerRefusesBadPacketAndDebitsNothing(CryptoProfile profile)
    {
        BankCardClient alice = BankCards.Test(BankTestCard.User, 1, profile).Client;
        BankCardClient bob = BankCards.Test(BankTestCard.SecondUser, 2, profile).Client;

        // Bob asks for 60 in a P3 sealed correctly under the shared key; Alice agreed to pay 50.
        BeginExchangeResponse key = bob.BeginExchange(ExchangeMode.ReceivePayment, 60);
        BeginExchangeResponse p1 = alice.BeginExchange(ExchangeMode.Pay, 50, key.KeyNumber);
        byte[] p2p3 = bob.ExchangeStep1(p1.KeyNumber, p1.Packet).Packets;
        Assert.That(alice.ExchangeStep2(p2p3).StatusWord, Is.EqualTo(BankStatusWords.BadPacket));
        GetCardStatusResponse status = alice.GetStatus();
        Assert.That((status.Balance, status.BadKeyCount), Is.EqualTo((1000u, 1)));
    }

    [Test]
    public void Step2_BalanceFellAfterBegin_Answers9401AndDebitsNothing()
    {
        (Card card, _, BankCardClient alice) = BankCards.Test(BankTestCard.User, 1);
        BankCardClient bob = BankCards.Test(BankTestCard.SecondUser, 2).Client;
        byte[] full = BalanceBytes(alice);
        Assert.That(BankExchangeTerminal.Transfer(alice.Unlocked(), bob, 950).IsCompleted);
        byte[] low = BalanceBytes(alice);
        int at = Find(card, low);

        // Back to 1,000: BEGIN accepts 900; then the balance is 50 again when STEP 2 comes.
        card.Eeprom.Write(at, full);
        BeginExchangeResponse key = bob.BeginExchange(ExchangeMode.ReceivePayment, 900);
        BeginExchangeResponse p1 = alice.Unlocked().BeginExchange(ExchangeMode.Pay, 900, key.KeyNumber);
        Assert.That(p1.IsSuccess);
        byte[] p2p3 = bob.ExchangeStep1(p1.KeyNumber, p1.Packet).Packets;
        card.Eeprom.Write(at, low);

        Assert.That(alice.ExchangeStep2(p2p3).StatusWord, Is.EqualTo(BankStatusWords.InsufficientBalance));
        GetCardStatusResponse status = alice.GetStatus();
        Assert.That((status.Balance, status.BadKeyCount), Is.EqualTo((50u, 0)), "a genuine packet refused for the balance counts no bad key");
    }

    [Test]
    public void Step3_BalanceRoseAfterBegin_Answers9402AndCreditsNothing()
    {
        BankCardClient center = BankCards.Test(BankTestCard.Center, 1).Client;
        BankCardClient region = BankCards.Test(BankTestCard.Region, 2).Client;
        BeginExchangeResponse key = center.Unlocked().BeginExchange(ExchangeMode.ReceivePayment, 100);
        BeginExchangeResponse p1 = region.Unlocked().BeginExchange(ExchangeMode.Pay, 100, key.KeyNumber);
        byte[] p2p3 = center.ExchangeStep1(p1.KeyNumber, p1.Packet).Packets;
        ExchangeStep2Response p4 = region.ExchangeStep2(p2p3);
        Assert.That(p4.IsSuccess);

        // Between STEP 2 and STEP 3 the center creates money up to 50 below the maximum.
        uint room = BankBalance.MaxAmount - center.GetStatus().Balance - 50;
        Assert.That(center.CreateMoney(room, BankTestCards.AccountOf(BankTestCard.Center), BankTestKeys.CreationKey).IsSuccess);
        Assert.That(center.ExchangeStep3(p4.Packet).StatusWord, Is.EqualTo(BankStatusWords.BalanceLimitExceeded));
        GetCardStatusResponse status = center.GetStatus();
        Assert.That((status.Balance, status.BadKeyCount), Is.EqualTo((BankBalance.MaxAmount - 50, 0)));
    }

    [Test]
    public void Step2_LockClosedAfterBegin_Answers9406AndDebitsNothing()
    {
        BankCardClient alice = BankCards.Test(BankTestCard.User, 1).Client;
        BankCardClient bob = BankCards.Test(BankTestCard.SecondUser, 2).Client;
        BeginExchangeResponse key = bob.BeginExchange(ExchangeMode.ReceivePayment, 50);
        BeginExchangeResponse p1 = alice.BeginExchange(ExchangeMode.Pay, 50, key.KeyNumber);
        byte[] p2p3 = bob.ExchangeStep1(p1.KeyNumber, p1.Packet).Packets;
        Assert.That(alice.SetSecurityLock(close: true, BankTestCards.AccountOf(BankTestCard.User), BankTestKeys.LockCloseMasterKey).IsSuccess);
        Assert.That(alice.ExchangeStep2(p2p3).StatusWord, Is.EqualTo(BankStatusWords.SecurityLockClosed));
        Assert.That(alice.GetStatus().Balance, Is.EqualTo(1000u));
    }

    [Test]
    public void Step3_LockClosedAfterBegin_Answers9406AndCreditsNothing()
    {
        BankCardClient alice = BankCards.Test(BankTestCard.User, 1).Client;
        BankCardClient bob = BankCards.Test(BankTestCard.SecondUser, 2).Client;
        byte[] p4 = BankExchangeTests.RunUntilP4(alice, bob, 50);
        Assert.That(bob.SetSecurityLock(close: true, BankTestCards.AccountOf(BankTestCard.SecondUser), BankTestKeys.LockCloseMasterKey).IsSuccess);
        Assert.That(bob.ExchangeStep3(p4).StatusWord, Is.EqualTo(BankStatusWords.SecurityLockClosed));
        Assert.That(bob.GetStatus().Balance, Is.EqualTo(1000u));
    }

    [Test]
    public void Pay_Committed_AdvancesTheRandomSeedInEeprom()
    {
        // Three identical cards (same image, same generator seed). One pays; two only begin and are refused. The next
        // P1 depends on the stored seed alone (the generators are in step): equal for the two, different for the payer.
        byte[] Next(bool pay)
        {
            BankCardClient alice = BankCards.Test(BankTestCard.User, 1).Client;
            BankCardClient bob = BankCards.Test(BankTestCard.SecondUser, 2).Client;
            BeginExchangeResponse key = bob.BeginExchange(ExchangeMode.ReceivePayment, 50);
            BeginExchangeResponse p1 = alice.BeginExchange(ExchangeMode.Pay, 50, key.KeyNumber);
            byte[] p2p3 = bob.ExchangeStep1(p1.KeyNumber, p1.Packet).Packets;
            if (!pay)
                p2p3[^1] ^= 1;
            Assert.That(alice.ExchangeStep2(p2p3).IsSuccess, Is.EqualTo(pay));
            return alice.BeginExchange(ExchangeMode.Pay, 10, key.KeyNumber).Packet;
        }

        byte[] refused = Next(pay: false);
        Assert.That(Next(pay: false), Is.EqualTo(refused), "the cards replay exactly");
        Assert.That(Next(pay: true), Is.Not.EqualTo(refused));
    }

    [Test]
    public void Exchange_CorruptOwnBalance_Answers6581AndWritesNothing()
    {
        (Card card, _, BankCardClient alice) = BankCards.Test(BankTestCard.User, 1);
        BankCardClient bob = BankCards.Test(BankTestCard.SecondUser, 2).Client;
        byte[] balance = BalanceBytes(alice);
        int at = Find(card, balance);

        // Check bits intact, checksum wrong: only the CHECK_KEY notices.
        card.Eeprom.Write(at + 23, [(byte)(balance[23] ^ 1)]);
        Assert.That(alice.BeginExchange(ExchangeMode.Pay, 10, 1).StatusWord, Is.EqualTo(StatusWord.MemoryFailure));
        Assert.That(alice.BeginExchange(ExchangeMode.ReceivePayment, 10).StatusWord, Is.EqualTo(StatusWord.MemoryFailure));

        // Check bits wrong.
        card.Eeprom.Write(at, [(byte)(balance[0] ^ 1)]);
        Assert.That(alice.BeginExchange(ExchangeMode.Pay, 10, 1).StatusWord, Is.EqualTo(StatusWord.MemoryFailure));

        // Corrupted between the steps: STEP 2 and STEP 3 read through the same check.
        card.Eeprom.Write(at, balance);
        BeginExchangeResponse key = bob.BeginExchange(ExchangeMode.ReceivePayment, 10);
        BeginExchangeResponse p1 = alice.BeginExchange(ExchangeMode.Pay, 10, key.KeyNumber);
        byte[] p2p3 = bob.ExchangeStep1(p1.KeyNumber, p1.Packet).Packets;
        card.Eeprom.Write(at + 23, [(byte)(balance[23] ^ 1)]);
        Assert.That(alice.ExchangeStep2(p2p3).StatusWord, Is.EqualTo(StatusWord.MemoryFailure));
        card.Eeprom.Write(at, balance);
        Assert.That(BalanceBytes(alice), Is.EqualTo(balance));

        (Card bobCard, _, BankCardClient bob2) = BankCards.Test(BankTestCard.SecondUser, 3);
        byte[] bobBalance = BalanceBytes(bob2);
        byte[] p4 = BankExchangeTests.RunUntilP4(BankCards.Test(BankTestCard.User, 4).Client, bob2, 10);
        int bobAt = Find(bobCard, bobBalance);
        bobCard.Eeprom.Write(bobAt + 23, [(byte)(bobBalance[23] ^ 1)]);
        Assert.That(bob2.ExchangeStep3(p4).StatusWord, Is.EqualTo(StatusWord.MemoryFailure));
    }

    [Test]
    public void Step2_InterestLengthInAPaymentSession_Answers6700()
    {
        BankCardClient alice = BankCards.Test(BankTestCard.User, 1).Client;
        BankCardClient bob = BankCards.Test(BankTestCard.SecondUser, 2).Client;
        BeginExchangeResponse key = bob.BeginExchange(ExchangeMode.ReceivePayment, 50);
        Assert.That(alice.BeginExchange(ExchangeMode.Pay, 50, key.KeyNumber).IsSuccess);
        int interestLength = BankCrypto.PacketLength(CryptoProfile.Des, 2) + BankCrypto.PacketLength(CryptoProfile.Des, 5);
        Assert.That(alice.ExchangeStep2(new byte[interestLength]).StatusWord, Is.EqualTo(StatusWord.WrongLength));
        Assert.That(alice.ExchangeStep2(new byte[interestLength]).StatusWord, Is.EqualTo(StatusWord.ConditionsOfUseNotSatisfied), "the session was consumed");
        Assert.That(alice.GetStatus().Balance, Is.EqualTo(1000u));
    }

    [Test]
    public void Step3_InterestLengthInAPaymentSession_Answers6700()
    {
        BankCardClient alice = BankCards.Test(BankTestCard.User, 1).Client;
        BankCardClient bob = BankCards.Test(BankTestCard.SecondUser, 2).Client;
        BankExchangeTests.RunUntilP4(alice, bob, 50);
        Assert.That(bob.ExchangeStep3(new byte[BankCrypto.PacketLength(CryptoProfile.Des, 6)]).StatusWord, Is.EqualTo(StatusWord.WrongLength));
        Assert.That(bob.GetStatus().Balance, Is.EqualTo(1000u));
    }

    [Test]
    public void Step2_PaymentLengthInAnInterestSession_Answers6700()
    {
        BankCardClient center = BankCards.Test(BankTestCard.Center, 1).Client;
        BankCardClient region = BankCards.Test(BankTestCard.Region, 2).Client;
        BeginExchangeResponse key = region.Unlocked().BeginExchange(ExchangeMode.ReceiveInterest);
        Assert.That(center.Unlocked().BeginExchange(ExchangeMode.GiveInterest, 0, key.KeyNumber).IsSuccess);
        int paymentLength = BankCrypto.PacketLength(CryptoProfile.Des, 2) + BankCrypto.PacketLength(CryptoProfile.Des, 3);
        Assert.That(center.ExchangeStep2(new byte[paymentLength]).StatusWord, Is.EqualTo(StatusWord.WrongLength));
    }

    [Test]
    public void Step3_PaymentLengthInAnInterestSession_Answers6700()
    {
        BankCardClient center = BankCards.Test(BankTestCard.Center, 1).Client;
        BankCardClient region = BankCards.Test(BankTestCard.Region, 2).Client;
        BeginExchangeResponse key = region.Unlocked().BeginExchange(ExchangeMode.ReceiveInterest);
        BeginExchangeResponse p1 = center.Unlocked().BeginExchange(ExchangeMode.GiveInterest, 0, key.KeyNumber);
        Assert.That(region.ExchangeStep1(p1.KeyNumber, p1.Packet).IsSuccess);
        Assert.That(region.ExchangeStep3(new byte[BankCrypto.PacketLength(CryptoProfile.Des, 4)]).StatusWord, Is.EqualTo(StatusWord.WrongLength));
    }

    [TestCase(0)]
    [TestCase(20)]
    [TestCase(-1)]
    public void GiveInterest_TamperedP5_AnswersBadPacketAndPaysNothing(int flipFromP5)
    {
        BankCardClient center = BankCards.Test(BankTestCard.Center, 1).Client;
        BankCardClient region = BankCards.Test(BankTestCard.Region, 2).Client;
        BeginExchangeResponse key = region.Unlocked().BeginExchange(ExchangeMode.ReceiveInterest);
        BeginExchangeResponse p1 = center.Unlocked().BeginExchange(ExchangeMode.GiveInterest, 0, key.KeyNumber);
        ExchangeStep1Response step1 = region.ExchangeStep1(p1.KeyNumber, p1.Packet);
        byte[] packets = step1.Packets;
        int p2Length = step1.P2.Length;
        packets[flipFromP5 >= 0 ? p2Length + flipFromP5 : packets.Length - 1] ^= 0x01;
        uint before = center.GetStatus().Balance;
        Assert.That(center.ExchangeStep2(packets).StatusWord, Is.EqualTo(BankStatusWords.BadPacket));
        GetCardStatusResponse status = center.GetStatus();
        Assert.That((status.Balance, status.BadKeyCount), Is.EqualTo((before, 1)));
    }

    [TestCase(0)]
    [TestCase(30)]
    [TestCase(-1)]
    public void ReceiveInterest_TamperedP6_AnswersBadPacketAndCreditsNothing(int flip)
    {
        BankCardClient center = BankCards.Test(BankTestCard.Center, 1).Client;
        BankCardClient region = BankCards.Test(BankTestCard.Region, 2).Client;
        BeginExchangeResponse key = region.Unlocked().BeginExchange(ExchangeMode.ReceiveInterest);
        BeginExchangeResponse p1 = center.Unlocked().BeginExchange(ExchangeMode.GiveInterest, 0, key.KeyNumber);
        byte[] p2p5 = region.ExchangeStep1(p1.KeyNumber, p1.Packet).Packets;
        byte[] p6 = center.ExchangeStep2(p2p5).Packet;
        p6[flip >= 0 ? flip : p6.Length - 1] ^= 0x01;
        GetCardStatusResponse before = region.GetStatus();
        Assert.That(region.ExchangeStep3(p6).StatusWord, Is.EqualTo(BankStatusWords.BadPacket));
        GetCardStatusResponse after = region.GetStatus();
        Assert.That((after.Balance, after.KeyNumber, after.BadKeyCount), Is.EqualTo((before.Balance, before.KeyNumber, 1)));
    }

    [Test]
    public void ReceiveInterest_BalanceRoseAboveWhatTheBankSaw_RefusedAsBadPacket()
    {
        // The center computes interest up to the maximum for the balance in P5; by STEP 3 the region holds more.
        BankCardClient center = BankCards.Test(BankTestCard.Center, 1).Client;
        (Card regionCard, _, BankCardClient region) = BankCards.Test(BankTestCard.Region, 2);
        Assert.That(center.CreateMoney(BankBalance.MaxAmount - center.GetStatus().Balance, BankTestCards.AccountOf(BankTestCard.Center), BankTestKeys.CreationKey).IsSuccess);
        Assert.That(center.Unlocked().RollKeys(BankDate.Parse("12012026"), 200_000).IsSuccess);
        Assert.That(BankExchangeTerminal.PayInterest(center.Unlocked(), region.Unlocked()).IsCompleted, "the region takes the rate");

        byte[] low = BalanceBytes(region);
        uint lowAmount = region.GetStatus().Balance;
        Assert.That(BankExchangeTerminal.Transfer(center.Unlocked(), region.Unlocked(), BankBalance.MaxAmount - lowAmount - 10).IsCompleted);
        byte[] high = BalanceBytes(region);
        int at = Find(regionCard, high);
        regionCard.Eeprom.Write(at, low);

        Assert.That(center.Unlocked().RollKeys(BankDate.Parse("01012027"), 200_000).IsSuccess);
        BeginExchangeResponse key = region.Unlocked().BeginExchange(ExchangeMode.ReceiveInterest);
        BeginExchangeResponse p1 = center.Unlocked().BeginExchange(ExchangeMode.GiveInterest, 0, key.KeyNumber);
        byte[] p2p5 = region.ExchangeStep1(p1.KeyNumber, p1.Packet).Packets;
        ExchangeStep2Response p6 = center.ExchangeStep2(p2p5);
        Assert.That(p6.IsSuccess);
        regionCard.Eeprom.Write(at, high);

        Assert.That(region.ExchangeStep3(p6.Packet).StatusWord, Is.EqualTo(BankStatusWords.BadPacket));
        Assert.That(region.GetStatus().Balance, Is.EqualTo(BankBalance.MaxAmount - 10));
    }

    /// <summary>The card's BALANCE file as it stands (24 bytes with check bits and checksum).</summary>
    private static byte[] BalanceBytes(BankCardClient client)
    {
        byte[] bytes = new byte[BankBalance.Size];
        client.ReadBalance().Balance.WriteTo(bytes);
        return bytes;
    }

    /// <summary>Where <paramref name="bytes"/> lie in the card's EEPROM (exactly once, outside the journal).</summary>
    private static int Find(Card card, byte[] bytes)
    {
        ReadOnlySpan<byte> image = card.Eeprom.Read(0, card.Eeprom.Capacity);
        int start = 16 + PersistentMemoryJournal(card);
        int at = image[start..].IndexOf(bytes);
        Assert.That(at, Is.GreaterThanOrEqualTo(0), "BALANCE found in the heap");
        Assert.That(image[(start + at + 1)..].IndexOf(bytes), Is.EqualTo(-1), "BALANCE found once");
        return start + at;
    }

    private static int PersistentMemoryJournal(Card card) => card.StorageStatistics.JournalCapacity;
}
