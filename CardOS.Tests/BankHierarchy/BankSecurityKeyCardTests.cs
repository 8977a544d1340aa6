using CardOS.Applets.BankHierarchy;
using CardOS.Applets.SecurityCard;
using CardOS.Reader.InProcess;
using CardOS.Runtime;

namespace CardOS.Tests.BankHierarchy;

/// <summary>The security key card of docs/applets/security-card.md closes and opens a bank card's security lock (seed 000's abstract).</summary>
public class BankSecurityKeyCardTests
{
    [Test]
    public void SecurityKeyCard_ClosesAndOpens_ABankCard()
    {
        var keyCard = new Card(new CardOptions { RandomSeed = 5 });
        SecurityKeyCardApplet.Install(keyCard);
        var key = new SecurityKeyCardDriver(new InProcessReader(keyCard));
        key.Select();
        key.VerifyPin(SecurityCardTestKeys.KeyCardPin).ThrowIfFailed();

        BankCardClient alice = BankCards.Test(BankTestCard.User, 1).Client;
        BankCardClient bob = BankCards.Test(BankTestCard.SecondUser, 2).Client;
        ulong account = BankTestCards.AccountOf(BankTestCard.User).Bcd;

        Assert.That(alice.SetSecurityLock(close: true, challenge => key.ComputeCryptogram(LockOperation.Close, challenge, account)).IsSuccess);
        Assert.That(BankExchangeTerminal.Transfer(alice, bob, 10).ToString(), Is.EqualTo("BeginPayer: 9406"));
        Assert.That(alice.SetSecurityLock(close: false, challenge => key.ComputeCryptogram(LockOperation.Close, challenge, account)).StatusWord, Is.EqualTo(BankStatusWords.BadPacket), "the close cryptogram does not open");
        Assert.That(alice.SetSecurityLock(close: false, challenge => key.ComputeCryptogram(LockOperation.Open, challenge, account)).IsSuccess);
        Assert.That(BankExchangeTerminal.Transfer(alice, bob, 10).IsCompleted);
    }
}
