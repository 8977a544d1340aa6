using CardOS.Apdu;
using CardOS.Applets.BankHierarchy;
using CardOS.Applets.BankHierarchy.Commands;

namespace CardOS.Tests.BankHierarchy;

/// <summary>The exchange's checks (docs/applets/bank-hierarchy.md): every bad packet answers its status word and moves no money.</summary>
public class BankExchangeTests
{
    [TestCase(CryptoProfile.Des)]
    [TestCase(CryptoProfile.Aes)]
    public void Transfer_ReplayedP4_ChangesNoBalance(CryptoProfile profile)
    {
        BankCardClient alice = BankCards.Test(BankTestCard.User, 1, profile).Client;
        BankCardClient bob = BankCards.Test(BankTestCard.SecondUser, 2, profile).Client;
        byte[] p4 = RunUntilP4(alice, bob, 50);
        Assert.That(bob.ExchangeStep3(p4).IsSuccess);

        // A new session on Bob: the recorded P4 echoes the old R2.
        Assert.That(bob.BeginExchange(ExchangeMode.ReceivePayment, 50).IsSuccess);
        RunUntilStep1(alice, bob, 50);
        Assert.That(bob.ExchangeStep3(p4).StatusWord, Is.EqualTo(BankStatusWords.BadPacket));
        Assert.That((alice.GetStatus().Balance, bob.GetStatus().Balance, bob.GetStatus().BadKeyCount), Is.EqualTo((950u, 1050u, 1)));
    }

    [TestCase(CryptoProfile.Des)]
    [TestCase(CryptoProfile.Aes)]
    public void Transfer_ReplayedP2P3_DebitsNothing(CryptoProfile profile)
    {
        BankCardClient alice = BankCards.Test(BankTestCard.User, 1, profile).Client;
        BankCardClient bob = BankCards.Test(BankTestCard.SecondUser, 2, profile).Client;
        Assert.That(bob.BeginExchange(ExchangeMode.ReceivePayment, 50).IsSuccess);
        BeginExchangeResponse p1 = alice.BeginExchange(ExchangeMode.Pay, 50, 1);
        byte[] p2p3 = bob.ExchangeStep1(p1.KeyNumber, p1.Packet).Packets;
        Assert.That(alice.ExchangeStep2(p2p3).IsSuccess);

        // The same P2 ‖ P3 against a new session of Alice: P2 must echo the new R1.
        Assert.That(alice.BeginExchange(ExchangeMode.Pay, 50, 1).IsSuccess);
        Assert.That(alice.ExchangeStep2(p2p3).StatusWord, Is.EqualTo(BankStatusWords.BadPacket));
        Assert.That(alice.GetStatus().Balance, Is.EqualTo(950u));
    }

    [TestCase(CryptoProfile.Des, 0)]
    [TestCase(CryptoProfile.Des, 20)]
    [TestCase(CryptoProfile.Des, 63)]
    [TestCase(CryptoProfile.Aes, 0)]
    [TestCase(CryptoProfile.Aes, 40)]
    [TestCase(CryptoProfile.Aes, 79)]
    public void Transfer_TamperedP2P3_AnswersBadPacketAndCountsBadKey(CryptoProfile profile, int flip)
    {
        BankCardClient alice = BankCards.Test(BankTestCard.User, 1, profile).Client;
        BankCardClient bob = BankCards.Test(BankTestCard.SecondUser, 2, profile).Client;
        Assert.That(bob.BeginExchange(ExchangeMode.ReceivePayment, 50).IsSuccess);
        BeginExchangeResponse p1 = alice.BeginExchange(ExchangeMode.Pay, 50, 1);
        byte[] p2p3 = bob.ExchangeStep1(p1.KeyNumber, p1.Packet).Packets;
        p2p3[flip] ^= 0x01;
        Assert.That(alice.ExchangeStep2(p2p3).StatusWord, Is.EqualTo(BankStatusWords.BadPacket));
        GetCardStatusResponse status = alice.GetStatus();
        Assert.That((status.Balance, status.BadKeyCount), Is.EqualTo((1000u, 1)));
    }

    [TestCase(CryptoProfile.Des)]
    [TestCase(CryptoProfile.Aes)]
    public void Transfer_TamperedP4_CreditsNothing(CryptoProfile profile)
    {
        BankCardClient alice = BankCards.Test(BankTestCard.User, 1, profile).Client;
        BankCardClient bob = BankCards.Test(BankTestCard.SecondUser, 2, profile).Client;
        byte[] p4 = RunUntilP4(alice, bob, 50);
        p4[^1] ^= 0x80;
        Assert.That(bob.ExchangeStep3(p4).StatusWord, Is.EqualTo(BankStatusWords.BadPacket));
        Assert.That((alice.GetStatus().Balance, bob.GetStatus().Balance, bob.GetStatus().BadKeyCount), Is.EqualTo((950u, 1000u, 1)));
    }

    [Test]
    public void Transfer_SameName_FailsTheNameCheck()
    {
        BankCardClient alice = BankCards.Test(BankTestCard.User, 1).Client;
        PersonalisationRecord twin = BankTestCards.Record(BankRole.Consumer, AccountNumber.Parse("1000000000000009"), "ALICE");
        BankCardClient other = BankCards.Personalised(twin, 9).Client;
        ExchangeOutcome outcome = BankExchangeTerminal.Transfer(alice, other, 10);
        Assert.That(outcome.ToString(), Is.EqualTo("Step2: 9404"));
        Assert.That(alice.GetStatus().Balance, Is.EqualTo(1000u));
    }

    [Test]
    public void Transfer_KeysThreeApart_RefusedOnBothSides()
    {
        BankCardClient alice = BankCards.Test(BankTestCard.User, 1).Client;
        PersonalisationRecord later = BankTestCards.Record(BankRole.Consumer, AccountNumber.Parse("1000000000000009"), "CAROL") with { KeyNumber = 4 };
        BankCardClient carol = BankCards.Personalised(later, 9).Client;
        Assert.That(BankExchangeTerminal.Transfer(alice, carol, 10).ToString(), Is.EqualTo("BeginPayer: 9403"));
        Assert.That(alice.GetStatus().BadKeyCount, Is.EqualTo(1));
    }

    [Test]
    public void Transfer_UserToRegion_RefusedByRole()
    {
        BankCardClient alice = BankCards.Test(BankTestCard.User, 1).Client;
        BankCardClient region = BankCards.Test(BankTestCard.Region, 2, fund: false).Client;
        Assert.That(BankExchangeTerminal.Transfer(alice, region, 10).ToString(), Is.EqualTo("Step1: 940A"));
        Assert.That(region.GetStatus().BadKeyCount, Is.EqualTo(0));
    }

    [Test]
    public void Transfer_OtherCurrency_Refused()
    {
        BankCardClient alice = BankCards.Test(BankTestCard.User, 1).Client;
        PersonalisationRecord euro = BankTestCards.Record(BankRole.Consumer, AccountNumber.Parse("1000000000000009"), "CAROL") with { Currency = 2 };
        BankCardClient carol = BankCards.Personalised(euro, 9).Client;
        Assert.That(BankExchangeTerminal.Transfer(alice, carol, 10).ToString(), Is.EqualTo("Step2: 9408"));
        Assert.That(alice.GetStatus().BadKeyCount, Is.EqualTo(0));
    }

    [Test]
    public void Transfer_StepsOutOfOrder_AnswerConditionsNotSatisfied()
    {
        BankCardClient alice = BankCards.Test(BankTestCard.User, 1).Client;
        BankCardClient bob = BankCards.Test(BankTestCard.SecondUser, 2).Client;
        byte[] p4 = RunUntilP4(alice, bob, 50);
        Assert.That(alice.ExchangeStep2(new byte[64]).StatusWord, Is.EqualTo(StatusWord.ConditionsOfUseNotSatisfied), "STEP 2 twice");
        bob.Select();
        Assert.That(bob.ExchangeStep3(p4).StatusWord, Is.EqualTo(StatusWord.ConditionsOfUseNotSatisfied), "deselect ends the session");
    }

    [TestCase(CryptoProfile.Des)]
    [TestCase(CryptoProfile.Aes)]
    public void Interest_AfterRollovers_PaysAndHandsKeysDown(CryptoProfile profile)
    {
        BankCardClient center = BankCards.Test(BankTestCard.Center, 1, profile).Client;
        BankCardClient region = BankCards.Test(BankTestCard.Region, 2, profile).Client;

        // First interest: the region's rate was 0, so no interest, but it takes the center's rate.
        Assert.That(center.Unlocked().RollKeys(BankDate.Parse("12012026"), 200_000).KeyNumber, Is.EqualTo(2));
        Assert.That(BankExchangeTerminal.PayInterest(center.Unlocked(), region.Unlocked()).IsCompleted);
        GetCardStatusResponse status = region.GetStatus();
        Assert.That((status.KeyNumber, status.Balance, status.KeyDate), Is.EqualTo(((byte)2, 100_000u, 0x12012026u)));
        Assert.That(region.ReadBalance().Balance.Rate, Is.EqualTo(200_000u));

        // 31 days later: 100,000 x 200,000 x 31 / 10^9 = 620.
        Assert.That(center.Unlocked().RollKeys(BankDate.Parse("01012027"), 200_000).KeyNumber, Is.EqualTo(3));
        Assert.That(BankExchangeTerminal.PayInterest(center.Unlocked(), region.Unlocked()).IsCompleted);
        Assert.That((region.GetStatus().Balance, region.GetStatus().KeyNumber, center.GetStatus().Balance), Is.EqualTo((100_620u, (byte)3, 1_000_000u - 620u)));
    }

    [Test]
    public void Interest_CardTwoKeysBehind_TakesTwoTransactions()
    {
        BankCardClient center = BankCards.Test(BankTestCard.Center, 1).Client;
        BankCardClient region = BankCards.Test(BankTestCard.Region, 2, fund: false).Client;
        center.Unlocked().RollKeys(BankDate.Parse("11022026"), 0).ThrowIfFailed();
        center.Unlocked().RollKeys(BankDate.Parse("11032026"), 0).ThrowIfFailed();
        Assert.That(BankExchangeTerminal.PayInterest(center.Unlocked(), region.Unlocked()).IsCompleted);
        Assert.That(region.GetStatus().KeyNumber, Is.EqualTo(2));
        Assert.That(BankExchangeTerminal.PayInterest(center.Unlocked(), region.Unlocked()).IsCompleted);
        Assert.That(region.GetStatus().KeyNumber, Is.EqualTo(3));

        // A third rollover without an update leaves the region three behind: no two keys in common.
        center.Unlocked().RollKeys(BankDate.Parse("11042026"), 0).ThrowIfFailed();
        center.Unlocked().RollKeys(BankDate.Parse("11052026"), 0).ThrowIfFailed();
        center.Unlocked().RollKeys(BankDate.Parse("11062026"), 0).ThrowIfFailed();
        Assert.That(BankExchangeTerminal.PayInterest(center.Unlocked(), region.Unlocked()).ToString(), Is.EqualTo("BeginPayer: 9403"));
    }

    [Test]
    public void Interest_AccountOnBadCardList_InvalidatesTheCard()
    {
        BankCardClient branch = BankCards.Test(BankTestCard.Branch, 1).Client;
        BankCardClient alice = BankCards.Test(BankTestCard.User, 2).Client;
        Assert.That(branch.Unlocked().ManageBadCard(AccountNumber.Parse("1000000000000001"), add: true).IsSuccess);
        Assert.That(BankExchangeTerminal.PayInterest(branch.Unlocked(), alice.Unlocked()).ToString(), Is.EqualTo("Step3: 9407"));
        Assert.That(alice.GetStatus().LifeState, Is.EqualTo(BankLifeState.Invalidated));
        Assert.That(alice.BeginExchange(ExchangeMode.ReceivePayment, 10).StatusWord, Is.EqualTo(BankStatusWords.CardInvalidated));
        Assert.That(branch.ReadPassbook(1).Entry.Type, Is.EqualTo(PassbookEntryType.Invalidated));
    }

    [Test]
    public void Interest_AccountOutsideValidRange_Refused()
    {
        PersonalisationRecord narrow = BankTestCards.Record(BankTestCard.Branch) with { ValidLow = AccountNumber.Parse("2000000000000000"), ValidHigh = AccountNumber.Parse("2999999999999999") };
        BankCardClient branch = BankCards.Personalised(narrow, 1).Client;
        BankCardClient alice = BankCards.Test(BankTestCard.User, 2).Client;
        Assert.That(BankExchangeTerminal.PayInterest(branch.Unlocked(), alice.Unlocked()).ToString(), Is.EqualTo("Step2: 9409"));
    }

    [Test]
    public void ManageBadCard_AddRemove_StatusWords()
    {
        BankCardClient branch = BankCards.Test(BankTestCard.Branch, 1, fund: false).Client;
        AccountNumber account = AccountNumber.Parse("1000000000000001");
        Assert.That(branch.ManageBadCard(account, add: true).StatusWord, Is.EqualTo(StatusWord.SecurityStatusNotSatisfied));
        branch.Unlocked();
        Assert.That(branch.ManageBadCard(account, add: false).StatusWord, Is.EqualTo(StatusWord.ReferencedDataNotFound));
        Assert.That(branch.ManageBadCard(account, add: true).IsSuccess);
        Assert.That(branch.ManageBadCard(account, add: true).IsSuccess, "adding twice changes nothing");
        Assert.That(branch.ManageBadCard(account, add: false).IsSuccess);
        Assert.That(branch.Transmit(CommandApdu.Parse("804601000400000A0B")).StatusWord, Is.EqualTo(StatusWord.WrongData), "not BCD");
    }

    [Test]
    public void CreateMoney_WrongMacOrOverflow_ChangesNothing()
    {
        BankCardClient center = BankCards.Test(BankTestCard.Center, 1, fund: false).Client;
        AccountNumber account = BankTestCards.AccountOf(BankTestCard.Center);
        byte[] wrongKey = new byte[16];
        Assert.That(center.CreateMoney(100, account, wrongKey).StatusWord, Is.EqualTo(BankStatusWords.BadPacket));
        Assert.That(center.CreateMoney(0xFFFFFF, account, BankTestKeys.CreationKey).IsSuccess);
        Assert.That(center.CreateMoney(1, account, BankTestKeys.CreationKey).StatusWord, Is.EqualTo(BankStatusWords.BalanceLimitExceeded));
        Assert.That(center.Transmit(CommandApdu.Parse("804000000B0000640000000000000000")).StatusWord, Is.EqualTo(StatusWord.ConditionsOfUseNotSatisfied), "no challenge");
        GetCardStatusResponse status = center.GetStatus();
        Assert.That((status.Balance, status.BadKeyCount), Is.EqualTo((0xFFFFFFu, 1)));
    }

    [Test]
    public void RollKeys_NeedsHolderKey_AndDateNotBackwards()
    {
        BankCardClient center = BankCards.Test(BankTestCard.Center, 1, fund: false).Client;
        Assert.That(center.RollKeys(BankDate.Parse("12012026"), 0).StatusWord, Is.EqualTo(StatusWord.SecurityStatusNotSatisfied));
        center.Unlocked();
        Assert.That(center.RollKeys(BankDate.Parse("10012026"), 0).StatusWord, Is.EqualTo(StatusWord.WrongData));
        Assert.That(center.RollKeys(BankDate.Parse("12012026"), 0x01000000).StatusWord, Is.EqualTo(StatusWord.WrongData));
        Assert.That(center.Transmit(CommandApdu.Parse("80420000081332202600000000 00")).StatusWord, Is.EqualTo(StatusWord.WrongData), "month 13");
        Assert.That(center.GetStatus().KeyNumber, Is.EqualTo(1));
    }

    [Test]
    public void SecurityLock_ClosedCardRefuses_OpenKeyUnlocksAndClearsBadKey()
    {
        BankCardClient alice = BankCards.Test(BankTestCard.User, 1).Client;
        BankCardClient bob = BankCards.Test(BankTestCard.SecondUser, 2).Client;
        AccountNumber account = BankTestCards.AccountOf(BankTestCard.User);
        Assert.That(alice.SetSecurityLock(close: true, account, BankTestKeys.LockOpenMasterKey).StatusWord, Is.EqualTo(BankStatusWords.BadPacket), "the open key does not close");
        Assert.That(alice.SetSecurityLock(close: true, account, BankTestKeys.LockCloseMasterKey).IsSuccess);
        Assert.That(BankExchangeTerminal.Transfer(alice, bob, 10).ToString(), Is.EqualTo("BeginPayer: 9406"));
        Assert.That(alice.GetStatus().IsLocked);
        Assert.That(alice.SetSecurityLock(close: false, account, BankTestKeys.LockOpenMasterKey).IsSuccess);
        Assert.That((alice.GetStatus().IsLocked, alice.GetStatus().BadKeyCount), Is.EqualTo((false, 0)));
        Assert.That(BankExchangeTerminal.Transfer(alice, bob, 10).IsCompleted);
    }

    [Test]
    public void BadKeyLimit_LocksTheCard_UntilTheOpenKey()
    {
        BankCardClient alice = BankCards.Test(BankTestCard.User, 1).Client;
        BankCardClient bob = BankCards.Test(BankTestCard.SecondUser, 2).Client;
        for (int i = 0; i < 10; i++)
            Assert.That(alice.BeginExchange(ExchangeMode.Pay, 10, 9).StatusWord, Is.EqualTo(BankStatusWords.NoCommonKeys));
        Assert.That(BankExchangeTerminal.Transfer(alice, bob, 10).ToString(), Is.EqualTo("BeginPayer: 9405"));
        Assert.That(BankExchangeTerminal.Transfer(bob, alice, 10).ToString(), Is.EqualTo("BeginReceiver: 9405"));
        Assert.That(alice.SetSecurityLock(close: false, BankTestCards.AccountOf(BankTestCard.User), BankTestKeys.LockOpenMasterKey).IsSuccess);
        Assert.That(BankExchangeTerminal.Transfer(alice, bob, 10).IsCompleted);
    }

    /// <summary>Runs the exchange up to STEP 2 and returns P4.</summary>
    internal static byte[] RunUntilP4(BankCardClient payer, BankCardClient payee, uint amount)
    {
        BeginExchangeResponse key = payee.BeginExchange(ExchangeMode.ReceivePayment, amount);
        BeginExchangeResponse p1 = payer.BeginExchange(ExchangeMode.Pay, amount, key.KeyNumber);
        byte[] p2p3 = payee.ExchangeStep1(p1.KeyNumber, p1.Packet).Packets;
        ExchangeStep2Response p4 = payer.ExchangeStep2(p2p3);
        p4.ThrowIfFailed();
        return p4.Packet;
    }

    private static void RunUntilStep1(BankCardClient payer, BankCardClient payee, uint amount)
    {
        BeginExchangeResponse p1 = payer.BeginExchange(ExchangeMode.Pay, amount, 1);
        payee.ExchangeStep1(p1.KeyNumber, p1.Packet).ThrowIfFailed();
    }
}
