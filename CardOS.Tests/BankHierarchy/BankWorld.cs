using CardOS.Applets.BankHierarchy;
using CardOS.Reader.InProcess;
using CardOS.Runtime;

namespace CardOS.Tests.BankHierarchy;

/// <summary>One card of a test hierarchy: the card, its reader, its client and its account.</summary>
internal sealed record BankNode(string Name, BankRole Role, Card Card, InProcessReader Reader, BankCardClient Client, AccountNumber Account)
{
    /// <summary>Power cycles the card if it went mute, selects the applet and presents PIN and holder key.</summary>
    public BankCardClient Ready()
    {
        if (!Card.IsPowered)
            Reader.PowerCycle();
        return Client.Unlocked();
    }

    /// <summary>The balance as the card reports it.</summary>
    public uint Balance => Client.GetStatus().Balance;
}

/// <summary>Builds unfunded test cards (all money then comes from CREATE MONEY at the center).</summary>
internal static class BankWorld
{
    public static BankNode Node(string name, BankRole role, string account, int seed, CryptoProfile profile = CryptoProfile.Des, Func<PersonalisationRecord, PersonalisationRecord>? edit = null)
    {
        AccountNumber number = AccountNumber.Parse(account);
        PersonalisationRecord record = BankTestCards.Record(role, number, name, profile);
        if (edit is not null)
            record = edit(record);
        var (card, reader, client) = BankCards.Personalised(record, seed);
        client.Profile = profile;
        return new BankNode(name, role, card, reader, client, number);
    }

    /// <summary>Moves <paramref name="amount"/> from <paramref name="from"/> to <paramref name="to"/>, failing the test if it does not complete.</summary>
    public static void Pay(BankNode from, BankNode to, uint amount)
    {
        ExchangeOutcome outcome = BankExchangeTerminal.Transfer(from.Ready(), to.Ready(), amount);
        Assert.That(outcome.IsCompleted, $"{from.Name} pays {to.Name} {amount}: {outcome}");
    }
}
