using CardOS.Applets.BankHierarchy;
using CardOS.Cli.Profiles;
using CardOS.Reader.InProcess;
using CardOS.Runtime;

namespace CardOS.Cli.Commands;

/// <summary>
/// The bank-hierarchy part of <c>cardos demo</c> (docs/applets/bank-hierarchy.md): an admin card issues a center, a
/// region, a branch and two users; money is created at the center and carried down; two users pay each other; the
/// center rolls its keys over and interest and keys flow down; balances and a passbook close the story.
/// </summary>
internal static class BankDemoSection
{
    public static void Run(ApduTracePrinter output)
    {
        output.Section("Bank hierarchy (seed 000): issue, create, move down, pay, interest and key rollover (docs/applets/bank-hierarchy.md)");
        int seed = 100;
        BankCardClient Blank(string name)
        {
            var card = new Card(new CardOptions { RandomSeed = seed++ });
            BankCardApplet.Install(card, BankTestKeys.TransportKey);
            return new BankCardClient(output.Trace(new InProcessReader(card), name, CardProfiles.BankSecrets));
        }

        // The system administrator personalises the admin card; the admin card issues everything else.
        BankCardClient admin = Blank("ADMIN");
        output.Note("the system administrator personalises the ADMIN card (GET CHALLENGE, PERSONALISE under the transport key)");
        BankIssuer.Personalise(admin, BankTestCards.Record(BankTestCard.Admin), BankTestKeys.TransportKey);
        admin.VerifyPin(BankTestKeys.Pin).ThrowIfFailed();

        BankCardClient Issue(string name, BankRole role, uint min, uint max)
        {
            BankCardClient card = Blank(name);
            output.Note($"ADMIN issues {name} ({role}): GET CHALLENGE on the blank card, ISSUE CARD on ADMIN, PERSONALISE");
            AccountNumber account = BankIssuer.Issue(admin, card, new IssueRequest
            {
                Role = role,
                PublicName = PersonalisationRecord.Name(name),
                MinTrans = min,
                MaxTrans = max,
                Pin = "1234"u8.ToArray(),
                HolderKey = "HOLDERKEY"u8.ToArray(),
                Challenge = new byte[8],
                Interest = BankRoles.IsBank(role) ? 100_000u : 0,
                CreationKey = role == BankRole.Center ? BankTestKeys.CreationKey : null,
            });
            output.Note($"   {name} is account {account}");
            card.Select().ThrowIfFailed();
            card.GetStatus();
            return card;
        }

        BankCardClient center = Issue("CENTER", BankRole.Center, 0, 0);
        BankCardClient region = Issue("REGION1", BankRole.Region, 0, 0);
        BankCardClient branch = Issue("BRANCH1", BankRole.Branch, 0, 0);
        BankCardClient alice = Issue("ALICE", BankRole.Consumer, 100, 500);
        BankCardClient bob = Issue("BOB", BankRole.Consumer, 100, 500);
        BankCardClient[] all = [center, region, branch, alice, bob];
        string[] names = ["CENTER", "REGION1", "BRANCH1", "ALICE", "BOB"];

        output.Note("the creation-key holder creates 100000 on CENTER (GET CHALLENGE, CREATE MONEY with its MAC)");
        center.Select().ThrowIfFailed();
        center.CreateMoney(100_000, center.GetStatus().Account, BankTestKeys.CreationKey).ThrowIfFailed();

        Pay(output, center, region, 50_000, "CENTER gives REGION1 50000 (holder key: CENTER's MAX_TRANS is 0)");
        Pay(output, region, branch, 10_000, "REGION1 gives BRANCH1 10000");
        Pay(output, branch, alice, 1_000, "BRANCH1 gives ALICE 1000");
        Pay(output, branch, bob, 500, "BRANCH1 gives BOB 500");
        Pay(output, alice, bob, 150, "ALICE pays BOB 150 (above MIN_TRANS: PIN)");

        foreach ((string date, string when, int key) in new[] { ("12012026", "a month later", 5), ("01012027", "another month later", 6) })
        {
            output.Note($"{when} ({date}): CENTER rolls its keys over (holder key, ROLL KEYS with the date and a daily rate of 2 x 10^-4)");
            Unlock(center).RollKeys(BankDate.Parse(date), 200_000).ThrowIfFailed();
            Interest(output, center, region, $"CENTER gives REGION1 interest and key {key}");
            Interest(output, region, branch, $"REGION1 gives BRANCH1 interest and key {key}");
            Interest(output, branch, alice, $"BRANCH1 gives ALICE interest and key {key}");
        }

        output.Note("balances and keys");
        long total = 0;
        for (int i = 0; i < all.Length; i++)
        {
            Commands_Status status = Status(all[i]);
            total += status.Balance;
            output.Note($"   {names[i],-8} balance {status.Balance,7}  keys {status.KeyNumber}-{status.KeyNumber + 3}");
        }

        output.Note($"   total {total} = 100000 created: value only moved");
        output.Note("ALICE's PASSBOOK (READ RECORD after VERIFY), newest first");
        alice.Select().ThrowIfFailed();
        alice.VerifyPin(BankTestKeys.Pin).ThrowIfFailed();
        foreach (PassbookEntry entry in alice.ReadPassbook())
            output.Note($"   {entry.Type,-16} {entry.Amount,6}  {entry.OtherNameText,-8} {entry.OtherAccount}  balance {entry.NewBalance}");
    }

    private readonly record struct Commands_Status(uint Balance, byte KeyNumber);

    private static Commands_Status Status(BankCardClient card)
    {
        card.Select().ThrowIfFailed();
        var status = card.GetStatus();
        return new Commands_Status(status.Balance, status.KeyNumber);
    }

    private static BankCardClient Unlock(BankCardClient card)
    {
        card.Select().ThrowIfFailed();
        card.VerifyPin(BankTestKeys.Pin).ThrowIfFailed();
        card.VerifyHolderKey(BankTestKeys.HolderKey).ThrowIfFailed();
        return card;
    }

    private static void Pay(ApduTracePrinter output, BankCardClient from, BankCardClient to, uint amount, string what)
    {
        output.Note($"{what}");
        to.Select().ThrowIfFailed();
        ExchangeOutcome outcome = BankExchangeTerminal.Transfer(Unlock(from), to, amount);
        output.Note($"   {outcome}");
    }

    private static void Interest(ApduTracePrinter output, BankCardClient bank, BankCardClient receiver, string what)
    {
        output.Note($"{what}");
        uint before = Status(receiver).Balance;
        ExchangeOutcome outcome = BankExchangeTerminal.PayInterest(Unlock(bank), Unlock(receiver));
        output.Note($"   {outcome}: interest {Status(receiver).Balance - before}");
    }
}
