using CardOS.Apdu;
using CardOS.Applets.BankHierarchy;

namespace CardOS.Tests.BankHierarchy;

/// <summary>Issuing through the admin card and personalisation (docs/applets/bank-hierarchy.md, Issuing and personalisation).</summary>
public class BankIssueTests
{
    [TestCase(CryptoProfile.Des)]
    [TestCase(CryptoProfile.Aes)]
    public void Issue_ThroughAdmin_GivesConsecutiveAccountsThatTransact(CryptoProfile profile)
    {
        BankCardClient admin = BankCards.Test(BankTestCard.Admin, 1, profile).Client.Unlocked();
        BankCardClient bob = BankCards.Test(BankTestCard.SecondUser, 2, profile).Client;
        BankCardClient first = BankWorldBlank(3);
        BankCardClient second = BankWorldBlank(4);

        Assert.That(BankIssuer.Issue(admin, first, Request(BankRole.Consumer, "CAROL")).ToString(), Is.EqualTo("1000000000001000"));
        Assert.That(BankIssuer.Issue(admin, second, Request(BankRole.Merchant, "DAVE")).ToString(), Is.EqualTo("1000000000001001"));
        Assert.That(first.GetStatus().Profile, Is.EqualTo(profile));

        // The new cards share the admin's keys: Bob pays Carol, Carol pays Dave.
        Assert.That(BankExchangeTerminal.Transfer(bob.Unlocked(), first.Unlocked(), 300).IsCompleted);
        Assert.That(BankExchangeTerminal.Transfer(first.Unlocked(), second.Unlocked(), 200).IsCompleted);
        Assert.That((first.GetStatus().Balance, second.GetStatus().Balance), Is.EqualTo((100u, 200u)));
    }

    [Test]
    public void Issue_WithoutAdminPin_Refused()
    {
        BankCardClient admin = BankCards.Test(BankTestCard.Admin, 1).Client;
        BankCardClient blank = BankWorldBlank(3);
        byte[] challenge = blank.GetChallenge();
        Assert.That(admin.IssueCard(Request(BankRole.Consumer, "CAROL") with { Challenge = challenge }).StatusWord, Is.EqualTo(StatusWord.SecurityStatusNotSatisfied));
    }

    [Test]
    public void Issue_RangeExhausted_Refused()
    {
        PersonalisationRecord record = BankTestCards.Record(BankTestCard.Admin) with { IssueNext = AccountNumber.Parse("1000000000001000"), IssueLast = AccountNumber.Parse("1000000000001000") };
        BankCardClient admin = BankCards.Personalised(record, 1).Client.Unlocked();
        Assert.That(BankIssuer.Issue(admin, BankWorldBlank(3), Request(BankRole.Consumer, "CAROL")).ToString(), Is.EqualTo("1000000000001000"));
        Assert.That(() => BankIssuer.Issue(admin, BankWorldBlank(4), Request(BankRole.Consumer, "DAVE")), Throws.TypeOf<IsoException>().With.Property("StatusWord").EqualTo(StatusWord.NotEnoughMemory));
    }

    [TestCase(0, Description = "a ciphertext byte")]
    [TestCase(-1, Description = "a tag byte")]
    public void Personalise_TamperedWrap_Refused_CardStaysBlank(int flip)
    {
        BankCardClient blank = BankWorldBlank(3);
        byte[] challenge = blank.GetChallenge();
        byte[] wrapped = PersonalisationWrap.Wrap(BankTestCards.Record(BankTestCard.User).Encode(), BankTestKeys.TransportKey, challenge);
        wrapped[flip < 0 ? wrapped.Length - 1 : flip] ^= 1;
        Assert.That(blank.Personalise(wrapped).StatusWord, Is.EqualTo(StatusWord.IncorrectSecureMessagingData));
        Assert.That(blank.GetStatus().LifeState, Is.EqualTo(BankLifeState.Blank));
        Assert.That(blank.Personalise(wrapped).StatusWord, Is.EqualTo(StatusWord.ConditionsOfUseNotSatisfied), "the challenge is spent");
    }

    [Test]
    public void Personalise_ReplayedWrapForAnotherChallenge_Refused()
    {
        BankCardClient blank = BankWorldBlank(3);
        byte[] old = PersonalisationWrap.Wrap(BankTestCards.Record(BankTestCard.User).Encode(), BankTestKeys.TransportKey, new byte[8]);
        blank.GetChallenge();
        Assert.That(blank.Personalise(old).StatusWord, Is.EqualTo(StatusWord.IncorrectSecureMessagingData));
    }

    [Test]
    public void Personalise_FieldOutOfRange_AnswersWrongData()
    {
        BankCardClient blank = BankWorldBlank(3);
        byte[] challenge = blank.GetChallenge();
        byte[] record = BankTestCards.Record(BankTestCard.User).Encode();
        record[12] = 0x07; // a control character in the public name
        Assert.That(blank.Personalise(PersonalisationWrap.Wrap(record, BankTestKeys.TransportKey, challenge)).StatusWord, Is.EqualTo(StatusWord.WrongData));
    }

    [TestCase("8012000000 > 6985", Description = "no challenge")]
    [TestCase("0084000008 > ????????????????9000", "8012000010 00000000000000000000000000000000 > 6700", Description = "not the length of any record")]
    [TestCase("8050010003 000064 00 > 6985", Description = "a blank card does not transact")]
    [TestCase("8030000000 > 000000" + "00000000000000000000000000000000000000000000000000000000000000" + " 9000", Description = "GET CARD STATUS of a blank card")]
    [TestCase("0020008104 31323334 > 6984", Description = "no PIN yet: reference data not usable")]
    public void BlankCard_GoldenBytes(params string[] steps)
    {
        var blank = new CardOS.Runtime.Card(new CardOS.Runtime.CardOptions { RandomSeed = 3 });
        BankCardApplet.Install(blank, BankTestKeys.TransportKey);
        var blankReader = new CardOS.Reader.InProcess.InProcessReader(blank);
        BankTranscript.Run(blankReader, [BankGoldenTests.Select, .. steps]);
    }

    private static IssueRequest Request(BankRole role, string name) => new()
    {
        Role = role,
        PublicName = PersonalisationRecord.Name(name),
        MinTrans = 1000,
        MaxTrans = 5000,
        Pin = "1234"u8.ToArray(),
        HolderKey = "HOLDERKEY"u8.ToArray(),
        Challenge = new byte[8],
    };

    private static BankCardClient BankWorldBlank(int seed)
    {
        var card = new CardOS.Runtime.Card(new CardOS.Runtime.CardOptions { RandomSeed = seed });
        BankCardApplet.Install(card, BankTestKeys.TransportKey);
        var client = new BankCardClient(new CardOS.Reader.InProcess.InProcessReader(card));
        client.Select().ThrowIfFailed();
        return client;
    }
}
