using CardOS.Applets.BankHierarchy;
using CardOS.Reader.InProcess;
using CardOS.Runtime;

namespace CardOS.Tests.BankHierarchy;

/// <summary>Test cards in in-process readers, selected and ready.</summary>
internal static class BankCards
{
    /// <summary>A documented test card (funded as documented unless <paramref name="fund"/> is false), selected, with its client.</summary>
    public static (Card Card, InProcessReader Reader, BankCardClient Client) Test(BankTestCard which, int seed, CryptoProfile profile = CryptoProfile.Des, bool fund = true)
    {
        var card = new Card(new CardOptions { RandomSeed = seed });
        BankCardApplet.InstallTestCard(card, which, profile, fund);
        var reader = new InProcessReader(card);
        var client = new BankCardClient(reader) { Profile = profile };
        client.Select().ThrowIfFailed();
        return (card, reader, client);
    }

    /// <summary>An unfunded card personalised with <paramref name="record"/>, selected.</summary>
    public static (Card Card, InProcessReader Reader, BankCardClient Client) Personalised(PersonalisationRecord record, int seed, CardOptions? options = null)
    {
        var card = new Card((options ?? new CardOptions()) with { RandomSeed = seed });
        BankCardApplet.Install(card, BankTestKeys.TransportKey);
        var reader = new InProcessReader(card);
        var client = new BankCardClient(reader);
        BankIssuer.Personalise(client, record, BankTestKeys.TransportKey);
        return (card, reader, client);
    }

    /// <summary>Selects the applet again and presents PIN and holder key (a fresh session on the card).</summary>
    public static BankCardClient Unlocked(this BankCardClient client)
    {
        client.Select().ThrowIfFailed();
        client.VerifyPin(BankTestKeys.Pin).ThrowIfFailed();
        client.VerifyHolderKey(BankTestKeys.HolderKey).ThrowIfFailed();
        return client;
    }
}
