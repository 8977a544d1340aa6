using CardOS.Applets.BankHierarchy;
using CardOS.Reader.InProcess;
using CardOS.Runtime;

namespace CardOS.Tests.BankHierarchy;

public class BankSmokeTests
{
    [TestCase(CryptoProfile.Des)]
    [TestCase(CryptoProfile.Aes)]
    public void Transfer_DownTheHierarchy_MovesMoney(CryptoProfile profile)
    {
        BankCardClient center = Card(BankTestCard.Center, profile, 1);
        BankCardClient region = Card(BankTestCard.Region, profile, 2);
        BankCardClient branch = Card(BankTestCard.Branch, profile, 3);
        BankCardClient alice = Card(BankTestCard.User, profile, 4);
        BankCardClient bob = Card(BankTestCard.SecondUser, profile, 5);

        Assert.That(center.CreateMoney(1000, BankTestCards.AccountOf(BankTestCard.Center), BankTestKeys.CreationKey).StatusWord.ToString(), Is.EqualTo("9000"));
        Assert.That(BankExchangeTerminal.Transfer(center, region, 600).ToString(), Is.EqualTo("Completed"));
        Assert.That(BankExchangeTerminal.Transfer(region, branch, 500).ToString(), Is.EqualTo("Completed"));
        Assert.That(BankExchangeTerminal.Transfer(branch, alice, 400).ToString(), Is.EqualTo("Completed"));
        Assert.That(BankExchangeTerminal.Transfer(alice, bob, 150).ToString(), Is.EqualTo("Completed"));
        Assert.That(BankExchangeTerminal.Transfer(alice, bob, 500).ToString(), Is.EqualTo("BeginPayer: 9401"));

        Assert.That(new[] { center, region, branch, alice, bob }.Select(c => c.GetStatus().Balance), Is.EqualTo(new uint[] { 400, 100, 100, 250, 150 }));
    }

    private static BankCardClient Card(BankTestCard which, CryptoProfile profile, int seed)
    {
        var card = new Card(new CardOptions { RandomSeed = seed });
        BankCardApplet.Install(card, BankTestKeys.TransportKey);
        var client = new BankCardClient(new InProcessReader(card));
        PersonalisationRecord record = BankTestCards.Record(which, profile) with { MinTrans = 0xFFFFFF, MaxTrans = 0xFFFFFFFF };
        BankIssuer.Personalise(client, record, BankTestKeys.TransportKey);
        return client;
    }
}

public class BankTestCardTests
{
    [TestCase(BankTestCard.Center, 1_000_000u)]
    [TestCase(BankTestCard.User, 1_000u)]
    public void InstallTestCard_Funds_TheDocumentedBalance(BankTestCard which, uint expected)
    {
        var card = new Card(new CardOptions { RandomSeed = 7 });
        BankCardApplet applet = BankCardApplet.InstallTestCard(card, which);
        Assert.That(applet.Balance, Is.EqualTo(expected));
    }
}
