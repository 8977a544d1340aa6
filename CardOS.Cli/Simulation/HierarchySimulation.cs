using System.Diagnostics;
using CardOS.Applets.BankHierarchy;
using CardOS.Runtime;

namespace CardOS.Cli.Simulation;

/// <summary>
/// The bank hierarchy in one process at scale (<c>cardos simulate</c>): a center, regions, branches and N user cards,
/// issued with the test keys; money created at the center and carried down to every user; a key rollover at the center
/// and an interest round flowing down; random user-to-user payments; at the end every balance is summed and checked
/// against the money created.
/// </summary>
/// <remarks>
/// User cards keep only their <see cref="Card"/>: a small journal (<see cref="UserJournalCapacity"/>) and one logical
/// channel, so the lazily backed EEPROM stays small. Every card shares one <see cref="BankCipherCache"/> (the
/// hierarchy's application keys are the same on every card, so each key schedule is built once) and draws its randoms
/// from the system generator (no seeded generator per card); the payments themselves are replayable by seed. The
/// terminal's two reader slots (<see cref="SlotChannel"/>) are shared by every card.
/// </remarks>
internal sealed class HierarchySimulation
{
    /// <summary>The journal of a simulated user card: enough for the largest exchange transaction.</summary>
    public const int UserJournalCapacity = 512;

    /// <summary>The interest round's date (a month after the test key date) and the center's new daily rate.</summary>
    private static readonly BankDate RolloverDate = BankDate.Parse("12012026");
    private const uint RolloverRate = 200_000;

    private readonly SimulationSettings _settings;
    private readonly Action<SimulationPhase, long, long> _progress;
    private readonly SlotChannel _slotA = new();
    private readonly SlotChannel _slotB = new();
    private readonly BankCardClient _clientA;
    private readonly BankCardClient _clientB;
    private readonly BankCipherCache _ciphers = new();
    private readonly CardOptions _bankCardOptions = new() { LogicalChannels = 1 };
    private readonly CardOptions _userCardOptions = new() { LogicalChannels = 1, JournalCapacity = UserJournalCapacity };
    private Card? _unlockedInA;

    /// <param name="settings">What to simulate.</param>
    /// <param name="progress">Called with the phase, the work done and the phase's total (often, cheaply).</param>
    public HierarchySimulation(SimulationSettings settings, Action<SimulationPhase, long, long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (SimulationLimits.Check(settings, long.MaxValue) is { } problem)
            throw new ArgumentOutOfRangeException(nameof(settings), problem);
        _settings = settings;
        _progress = progress ?? ((_, _, _) => { });
        _clientA = new BankCardClient(_slotA) { Profile = settings.Profile };
        _clientB = new BankCardClient(_slotB) { Profile = settings.Profile };
    }

    /// <summary>Runs the whole simulation.</summary>
    public SimulationResult Run()
    {
        var wall = Stopwatch.StartNew();
        int users = _settings.Users;
        int branchCount = _settings.Regions * _settings.BranchesPerRegion;

        // The banks: few, each with its own card.
        (Card centerCard, BankCardApplet center) = Issue(BankRole.Center, Account(9, 1), "CENTER");
        var regionCards = new Card[_settings.Regions];
        var regions = new BankCardApplet[_settings.Regions];
        for (int r = 0; r < regions.Length; r++)
            (regionCards[r], regions[r]) = Issue(BankRole.Region, Account(8, r + 1), $"R{r + 1:D7}");
        var branchCards = new Card[branchCount];
        var branches = new BankCardApplet[branchCount];
        for (int b = 0; b < branches.Length; b++)
            (branchCards[b], branches[b]) = Issue(BankRole.Branch, Account(7, b + 1), $"B{b + 1:D7}");

        // The users: only the cards are kept; memory per idle card is measured around their creation and funding.
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var userCards = new Card[users];
        var userApplets = new BankCardApplet[users];
        for (int u = 0; u < users; u++)
        {
            (userCards[u], userApplets[u]) = Issue(BankRole.Consumer, Account(1, u + 1), Name(u));
            if ((u & 1023) == 0)
                _progress(SimulationPhase.IssueUsers, u, users);
        }

        _progress(SimulationPhase.IssueUsers, users, users);

        // Money: a card's balance holds at most FFFFFF, so the center creates money in chunks: a reserve for each bank
        // (for interest), then for each branch up to FundingChunk users' funding plus a reserve, carried down the
        // hierarchy and handed out to those users.
        var transactions = Stopwatch.StartNew();
        int cardToCard = 0;
        long losses = 0;
        long created = Create(centerCard, CenterReserve);
        for (int r = 0; r < regions.Length; r++)
        {
            created += Create(centerCard, RegionReserve);
            MustPay(centerCard, regionCards[r], RegionReserve, ref losses);
            cardToCard++;
        }

        int funded = 0;
        for (int b = 0; b < branchCount; b++)
        {
            Card region = regionCards[b / _settings.BranchesPerRegion];
            for (int first = b; first < users; first += branchCount * FundingChunk)
            {
                int count = 0;
                for (int u = first; u < users && count < FundingChunk; u += branchCount)
                    count++;
                uint amount = checked((uint)((count * (long)_settings.UserFunding) + Reserve(count * (long)_settings.UserFunding)));
                created += Create(centerCard, amount);
                MustPay(centerCard, region, amount, ref losses);
                MustPay(region, branchCards[b], amount, ref losses);
                cardToCard += 2;
                for (int i = 0, u = first; i < count; i++, u += branchCount)
                {
                    MustPay(branchCards[b], userCards[u], _settings.UserFunding, ref losses);
                    cardToCard++;
                    if ((++funded & 1023) == 0)
                        _progress(SimulationPhase.FundUsers, funded, users);
                }
            }
        }

        _progress(SimulationPhase.FundUsers, users, users);
        transactions.Stop();
        long after = GC.GetTotalMemory(forceFullCollection: true);
        double bytesPerCard = (after - before) / (double)users;

        // The key rollover at the center, and interest and keys flowing down.
        transactions.Start();
        Insert(_slotA, centerCard);
        _unlockedInA = null;
        Unlock(_clientA);
        _clientA.RollKeys(RolloverDate, RolloverRate).ThrowIfFailed();
        int interestCount = 0;
        long interestPaid = 0;
        for (int r = 0; r < regions.Length; r++)
            interestPaid += Interest(centerCard, regionCards[r], regions[r], ref interestCount);
        for (int b = 0; b < branchCount; b++)
            interestPaid += Interest(regionCards[b / _settings.BranchesPerRegion], branchCards[b], branches[b], ref interestCount);
        for (int u = 0; u < users; u++)
        {
            interestPaid += Interest(branchCards[BranchOf(u, branchCount)], userCards[u], userApplets[u], ref interestCount);
            if ((u & 1023) == 0)
                _progress(SimulationPhase.Interest, u, users);
        }

        _progress(SimulationPhase.Interest, users, users);
        cardToCard += interestCount;
        transactions.Stop();

        // Random user-to-user payments below MIN_TRANS (no PIN), replayable by seed.
        var random = new Random(_settings.Seed);
        var payments = Stopwatch.StartNew();
        int completed = 0;
        int refused = 0;
        for (int p = 0; p < _settings.Payments; p++)
        {
            int from = random.Next(users);
            int to = random.Next(users - 1);
            if (to >= from)
                to++;
            uint amount = (uint)random.Next(1, 100);
            if (Pay(userCards[from], userCards[to], amount, unlockPayer: false, ref losses))
                completed++;
            else
                refused++;
            if ((p & 1023) == 0)
                _progress(SimulationPhase.Payments, p, _settings.Payments);
        }

        payments.Stop();
        _progress(SimulationPhase.Payments, _settings.Payments, _settings.Payments);
        cardToCard += completed;
        double seconds = transactions.Elapsed.TotalSeconds + payments.Elapsed.TotalSeconds;

        long total = center.Balance;
        foreach (BankCardApplet applet in regions)
            total += applet.Balance;
        foreach (BankCardApplet applet in branches)
            total += applet.Balance;
        foreach (BankCardApplet applet in userApplets)
            total += applet.Balance;
        GC.KeepAlive(userCards);

        return new SimulationResult
        {
            Created = created,
            Total = total,
            Losses = losses,
            PaymentsCompleted = completed,
            PaymentsRefused = refused,
            InterestCompleted = interestCount,
            InterestPaid = interestPaid,
            BytesPerIdleCard = bytesPerCard,
            TransactionsPerSecond = seconds > 0 ? cardToCard / seconds : 0,
            PaymentsPerSecond = payments.Elapsed.TotalSeconds > 0 ? completed / payments.Elapsed.TotalSeconds : 0,
            WallTime = wall.Elapsed,
        };
    }

    private static string Name(int user) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"U{user:D7}");

    private static int BranchOf(int user, int branchCount) => user % branchCount;

    /// <summary>The most users one chunk of created money funds (with 1,000 each, well under a balance's FFFFFF).</summary>
    public const int FundingChunk = 4096;

    /// <summary>What the center keeps to pay the regions' interest (with a chunk in transit, under a balance's FFFFFF).</summary>
    public const uint CenterReserve = 10_000_000;

    /// <summary>What each region keeps to pay its branches' interest.</summary>
    public const uint RegionReserve = 1_000_000;

    /// <summary>The days between the cards' key date and the interest round.</summary>
    public static int InterestDays => RolloverDate.DayNumber - BankTestKeys.Date.DayNumber;

    /// <summary>What a branch keeps of a chunk of <paramref name="amount"/> to pay its users' interest.</summary>
    public static long Reserve(long amount) => (amount / 50) + 1_000;

    private long Create(Card centerCard, uint amount)
    {
        Insert(_slotA, centerCard);
        _unlockedInA = null;
        _clientA.Select().ThrowIfFailed();
        _clientA.CreateMoney(amount, Account(9, 1), BankTestKeys.CreationKey).ThrowIfFailed();
        return amount;
    }

    private static AccountNumber Account(int prefix, int number) =>
        AccountNumber.Parse(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{prefix}{number:D15}"));

    private (Card Card, BankCardApplet Applet) Issue(BankRole role, AccountNumber account, string name)
    {
        var card = new Card(BankRoles.IsUser(role) ? _userCardOptions : _bankCardOptions);
        BankCardApplet applet = BankCardApplet.Install(card, BankTestKeys.TransportKey, ciphers: _ciphers);
        card.PowerOn();
        Insert(_slotA, card);
        _unlockedInA = null;
        // Every card but the center is issued with its bank's rate, so the interest round pays interest.
        PersonalisationRecord record = BankTestCards.Record(role, account, name, _settings.Profile) with { Rate = role == BankRole.Center ? 0 : BankTestCards.TestInterest };
        BankIssuer.Personalise(_clientA, record, BankTestKeys.TransportKey);
        return (card, applet);
    }

    private static void Insert(SlotChannel slot, Card card) => slot.Card = card;

    private static void Unlock(BankCardClient client)
    {
        client.Select().ThrowIfFailed();
        client.VerifyPin(BankTestKeys.Pin).ThrowIfFailed();
        client.VerifyHolderKey(BankTestKeys.HolderKey).ThrowIfFailed();
    }

    /// <returns>Whether the payment completed; a failure after the payer committed adds the amount to <paramref name="losses"/>.</returns>
    private bool Pay(Card payer, Card payee, uint amount, bool unlockPayer, ref long losses)
    {
        bool stays = unlockPayer && ReferenceEquals(_unlockedInA, payer);
        Insert(_slotA, payer);
        Insert(_slotB, payee);
        _clientB.Select().ThrowIfFailed();
        if (stays)
        {
            // A bank card that stays in the terminal stays selected with its PIN and holder key verified.
        }
        else if (unlockPayer)
        {
            Unlock(_clientA);
            _unlockedInA = payer;
        }
        else
        {
            _clientA.Select().ThrowIfFailed();
            _unlockedInA = null;
        }

        ExchangeOutcome outcome = BankExchangeTerminal.Transfer(_clientA, _clientB, amount);
        if (outcome.MayHaveLostValue)
            losses += amount;
        return outcome.IsCompleted;
    }

    private void MustPay(Card payer, Card payee, uint amount, ref long losses)
    {
        if (!Pay(payer, payee, amount, unlockPayer: true, ref losses))
            throw new InvalidOperationException($"Carrying {amount} down the hierarchy failed.");
    }

    private long Interest(Card bank, Card receiver, BankCardApplet receiverApplet, ref int count)
    {
        uint before = receiverApplet.Balance;
        bool stays = ReferenceEquals(_unlockedInA, bank);
        Insert(_slotA, bank);
        Insert(_slotB, receiver);
        Unlock(_clientB);
        if (!stays)
        {
            Unlock(_clientA);
            _unlockedInA = bank;
        }

        ExchangeOutcome outcome = BankExchangeTerminal.PayInterest(_clientA, _clientB);
        if (!outcome.IsCompleted)
            throw new InvalidOperationException($"An interest transaction failed at {outcome}.");
        count++;
        return receiverApplet.Balance - before;
    }
}
