using CardOS.Apdu;
using CardOS.Applets.BankHierarchy;
using CardOS.Applets.BankHierarchy.Commands;

namespace CardOS.Tests.BankHierarchy;

/// <summary>
/// Exchange checks the bank's Stryker run found untested: the payer's own PASSBOOK record, the P1-P2 of the three
/// steps, and the exact MAX_TRANS edge above which the holder key is needed (docs/applets/bank-hierarchy.md).
/// </summary>
public class BankExchangeEdgeTests
{
    [Test]
    public void Transfer_Completed_PayerAndPayeeEachRecordIt()
    {
        BankCardClient alice = BankCards.Test(BankTestCard.User, 1).Client;
        BankCardClient bob = BankCards.Test(BankTestCard.SecondUser, 2).Client;

        Assert.That(BankExchangeTerminal.Transfer(alice.Unlocked(), bob, 50).IsCompleted);

        PassbookEntry paid = alice.Unlocked().ReadPassbook(1).Entry;
        PassbookEntry received = bob.Unlocked().ReadPassbook(1).Entry;
        Assert.Multiple(() =>
        {
            Assert.That((paid.Type, paid.Amount, paid.NewBalance), Is.EqualTo((PassbookEntryType.Paid, 50u, 950u)));
            Assert.That((received.Type, received.Amount, received.NewBalance), Is.EqualTo((PassbookEntryType.Received, 50u, 1050u)));
            Assert.That(paid.Session, Is.EqualTo(received.Session), "both record the same session");
        });
    }

    [TestCase(BankInstructions.ExchangeStep1, 0x01, 0x00)]
    [TestCase(BankInstructions.ExchangeStep1, 0x00, 0x01)]
    [TestCase(BankInstructions.ExchangeStep2, 0x01, 0x00)]
    [TestCase(BankInstructions.ExchangeStep2, 0x00, 0x80)]
    [TestCase(BankInstructions.ExchangeStep3, 0x01, 0x00)]
    [TestCase(BankInstructions.ExchangeStep3, 0x00, 0x01)]
    public void ExchangeStep_WrongP1P2_Answers6A86AndChangesNothing(byte ins, byte p1, byte p2)
    {
        BankCardClient alice = BankCards.Test(BankTestCard.User, 1).Client.Unlocked();
        GetCardStatusResponse before = alice.GetStatus();

        ResponseApdu response = alice.Transmit(new CommandApdu(0x80, ins, p1, p2, new byte[32], 0));

        Assert.That(response.StatusWord, Is.EqualTo(StatusWord.IncorrectP1P2));
        GetCardStatusResponse after = alice.GetStatus();
        Assert.That((after.Balance, after.BadKeyCount), Is.EqualTo((before.Balance, before.BadKeyCount)));
    }

    [Test]
    public void BeginPay_AtMaxTransWithPinOnly_Accepted_OneMoreNeedsTheHolderKey()
    {
        // The test user card: MIN_TRANS 100 (above it the PIN), MAX_TRANS 500 (above it the holder key as well).
        BankCardClient alice = BankCards.Test(BankTestCard.User, 1).Client;
        BankCardClient bob = BankCards.Test(BankTestCard.SecondUser, 2).Client;
        alice.Select().ThrowIfFailed();
        alice.VerifyPin(BankTestKeys.Pin).ThrowIfFailed();

        BeginExchangeResponse key = bob.BeginExchange(ExchangeMode.ReceivePayment, 500);
        Assert.That(alice.BeginExchange(ExchangeMode.Pay, 500, key.KeyNumber).IsSuccess, "500 = MAX_TRANS needs the PIN only");
        Assert.That(alice.BeginExchange(ExchangeMode.Pay, 501, key.KeyNumber).StatusWord, Is.EqualTo(StatusWord.SecurityStatusNotSatisfied));
    }
}
