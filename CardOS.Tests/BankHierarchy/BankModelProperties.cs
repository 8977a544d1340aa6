using CardOS.Apdu;
using CardOS.Applets.BankHierarchy;
using CardOS.Applets.BankHierarchy.Commands;
using FsCheck;
using FsCheck.Fluent;

using CardOS.Tests.Storage;

namespace CardOS.Tests.BankHierarchy;

/// <summary>
/// Done-when 2: a model-based property over a hierarchy of 1 center, 2 regions, 4 branches and 16 users. Random
/// operations (creation, transfers, interest, key rollovers, wrong PINs, wrong keys, unlocks, replayed recorded packets,
/// power cuts at random writes) run against the cards and against a model that predicts every status word and balance.
/// After every operation: each card's balance is the model's (so none is negative or beyond FFFFFF), the total equals
/// money created minus losses, every loss happened in the documented window and the reconciler finds exactly the
/// model's losses; losses are restored through the payer's parent. Replays never change a balance, a card at the
/// BAD_KEY limit answers 9405, and cards whose keys are more than two rollovers apart answer 9403.
/// </summary>
public class BankModelProperties
{
    [FsCheck.NUnit.Property(MaxTest = 20, StartSize = 30, EndSize = 80)]
    public Property Hierarchy_RandomOperations_MatchTheModel() =>
        Prop.ForAll(Scenario.ToArbitrary(), scenario =>
        {
            var model = new BankModel(scenario.Seed);
            foreach (ModelOp op in scenario.Ops)
                model.Apply(op);
            model.Finish();
        });

    private static readonly Gen<ModelOp> Op =
        from kind in Gen.Frequency(
            (3, Gen.Constant(OpKind.Create)),
            (12, Gen.Constant(OpKind.Transfer)),
            (5, Gen.Constant(OpKind.Interest)),
            (1, Gen.Constant(OpKind.RollKeys)),
            (1, Gen.Constant(OpKind.WrongPin)),
            (2, Gen.Constant(OpKind.WrongKey)),
            (1, Gen.Constant(OpKind.LockOut)),
            (1, Gen.Constant(OpKind.Unlock)),
            (1, Gen.Constant(OpKind.ReplayP1)),
            (1, Gen.Constant(OpKind.ReplayStep2)),
            (1, Gen.Constant(OpKind.ReplayStep3)))
        from a in Gen.Choose(0, BankModel.Cards - 1)
        from b in Gen.Choose(0, BankModel.Cards - 1)
        from pairKind in Gen.Choose(0, 9)
        from amount in Gen.Frequency(
            (4, Gen.Choose(1, 200)),
            (2, Gen.Choose(1, 2000)),
            (1, Gen.Choose(1, 60000)),
            (1, Gen.Choose(60_000, (int)BankBalance.MaxAmount)),
            (1, Gen.Elements((int)BankBalance.MaxAmount - 1, (int)BankBalance.MaxAmount)))
        from cut in Gen.Frequency((3, Gen.Constant(-1)), (1, Gen.Choose(0, 1)))
        from cutAt in Gen.Choose(0, 45)
        from fraction in Gen.Elements(0.0, 0.5, 0.99)
        select new ModelOp(kind, a, b, pairKind, (uint)amount, cut, cutAt, fraction);

    private static readonly Gen<ModelScenario> Scenario =
        from seed in Gen.Choose(1, 1_000_000)
        from ops in Gen.Sized(size => Op.ArrayOf(size))
        select new ModelScenario(seed, ops);
}

internal enum OpKind
{
    Create,
    Transfer,
    Interest,
    RollKeys,
    WrongPin,
    WrongKey,
    LockOut,
    Unlock,
    ReplayP1,
    ReplayStep2,
    ReplayStep3,
}

internal sealed record ModelOp(OpKind Kind, int A, int B, int PairKind, uint Amount, int Cut, int CutAt, double Fraction)
{
    public override string ToString() => Kind switch
    {
        OpKind.Transfer or OpKind.Interest => $"{Kind}({A},{B},{PairKind},{Amount}{(Cut >= 0 ? $", cut card {Cut} at {CutAt} x{Fraction}" : "")})",
        _ => $"{Kind}({A},{Amount})",
    };
}

internal sealed record ModelScenario(int Seed, ModelOp[] Ops)
{
    public override string ToString() => $"seed {Seed}: {string.Join("; ", Ops.Select(o => o.ToString()))}";
}

/// <summary>The cards, what the model expects of each, and the bank's ledger.</summary>
internal sealed class BankModel
{
    public const int Cards = 23;
    private const int BadKeyLimit = 10;
    private static readonly StatusWord Ok = StatusWord.Success;

    private readonly BankNode[] _nodes = new BankNode[Cards];
    private readonly CardModel[] _cards = new CardModel[Cards];
    private ScheduledCut? _cut;
    private readonly PassbookLedger _ledger = new();
    private readonly BankReconciler _reconciler;
    private readonly List<(int Payer, int Payee, uint Amount)> _losses = [];
    private (int Payer, int Payee, uint Amount, byte Ak0, byte[] P1, byte[] P2P3, byte[] P4)? _recorded;
    private long _created;
    private long _lost;
    private int _restored;
    private readonly Dictionary<string, int> _stats = [];

    public BankModel(int seed)
    {
        _reconciler = new BankReconciler(_ledger);
        for (int i = 0; i < Cards; i++)
        {
            (BankRole role, string account, string name) = Describe(i);
            _nodes[i] = BankWorld.Node(name, role, account, seed + i);
            _cards[i] = new CardModel(role, Parent(i));
            if (BankRoles.IsBank(role))
                _cards[i].Interest = BankTestCards.TestInterest;
        }
    }

    public void Apply(ModelOp op)
    {
        switch (op.Kind)
        {
            case OpKind.Create:
                Create(op.Amount);
                break;
            case OpKind.Transfer:
                (int payer, int payee) = Pair(op);

                // Mostly a share of what the payer holds (so money spreads down), sometimes an absolute amount.
                uint share = (uint)Math.Min((ulong)_cards[payer].Balance * (1 + (op.Amount % 60)) / 100, BankBalance.MaxAmount);
                Transfer(payer, payee, op.Amount % 5 == 0 || share == 0 ? op.Amount : share, op);
                break;
            case OpKind.Interest:
                int receiver = 1 + (op.A % (Cards - 1));
                Interest(Parent(receiver), receiver, op);
                break;
            case OpKind.RollKeys:
                RollKeys(10 + (int)(op.Amount % 50));
                break;
            case OpKind.WrongPin:
                WrongPin(op.A, op.Amount);
                break;
            case OpKind.WrongKey:
                WrongKey(op.A);
                break;
            case OpKind.LockOut:
                // Wrong key numbers up to the BAD_KEY limit: the card then refuses every exchange with 9405.
                while (!_cards[op.A].IsLocked && _cards[op.A].Balance > 0)
                    WrongKey(op.A);
                if (_cards[op.A].IsLocked)
                {
                    Assert.That(_nodes[op.A].Ready().BeginExchange(ExchangeMode.ReceivePayment, 1).StatusWord, Is.EqualTo(BankStatusWords.BadKeyLimitReached), "a card at the BAD_KEY limit");
                    Count("locked out");
                }

                break;
            case OpKind.Unlock:
                Unlock(op.A);
                break;
            default:
                Replay(op.Kind);
                break;
        }

        CheckInvariants(op);
    }

    /// <summary>
    /// Restores every loss still pending: unlocks and updates the cards from the center down to the payer, creates the
    /// amount at the center and carries it down to the payer's parent, which pays it back. Only a payer whose keys have
    /// expired (more than two rollovers behind) stays owed: such a card must be re-issued.
    /// </summary>
    public void Finish()
    {
        var plain = new ModelOp(OpKind.Interest, 0, 0, 0, 0, -1, 0, 0);
        foreach ((int payer, _, uint amount) in _losses.ToArray())
        {
            var path = new List<int>();
            for (int i = payer; i >= 0; i = Parent(i))
                path.Insert(0, i);
            foreach (int i in path)
                Unlock(i);
            for (int round = 0; round < 2; round++)
            {
                for (int k = 1; k < path.Count; k++)
                {
                    if (_cards[path[k - 1]].KeyNumber != _cards[path[k]].KeyNumber)
                        Interest(path[k - 1], path[k], plain);
                }
            }

            if (path.Count > 1)
            {
                Create(amount);
                for (int k = 1; k < path.Count - 1; k++)
                    Transfer(path[k - 1], path[k], amount, plain);
            }

            RestoreLosses(final: false);
        }

        foreach ((int payer, _, _) in _losses)
            Assert.That(Math.Abs((sbyte)(byte)(_cards[0].KeyNumber - _cards[payer].KeyNumber)), Is.GreaterThan(2), $"card {payer} is owed a loss it could be paid back");
        RestoreLosses(final: true);
        CheckInvariants(null);
    }

    private static (BankRole Role, string Account, string Name) Describe(int i) => i switch
    {
        0 => (BankRole.Center, "9000000000000001", "CENTER"),
        <= 2 => (BankRole.Region, $"800000000000000{i}", $"REGION{i}"),
        <= 6 => (BankRole.Branch, $"700000000000000{i - 2}", $"BRANCH{i - 2}"),
        _ => (BankRole.Consumer, $"10000000000000{i - 6:D2}", $"USER{i - 6:D2}"),
    };

    private static int Parent(int i) => i switch
    {
        0 => -1,
        <= 2 => 0,
        <= 6 => 1 + ((i - 3) / 2),
        _ => 3 + ((i - 7) / 4),
    };

    private (int Payer, int Payee) Pair(ModelOp op)
    {
        int a = op.A;
        int b = op.B;
        switch (op.PairKind)
        {
            case <= 2: // user to user, from a user with money when there is one
                int[] rich = Enumerable.Range(7, 16).Where(i => _cards[i].Balance > 0).ToArray();
                int from = rich.Length > 0 ? rich[a % rich.Length] : 7 + (a % 16);
                int to = 7 + (b % 16);
                return (from, to == from ? 7 + ((to - 7 + 1) % 16) : to);
            case <= 7: // down the hierarchy: the lowest card with money above a random card pays the next card towards it
                int child = 1 + (a % (Cards - 1));
                while (Parent(child) > 0 && _cards[Parent(child)].Balance == 0)
                    child = Parent(child);
                return (Parent(child), child);
            case 8: // up the hierarchy
                int up = 1 + (a % (Cards - 1));
                return (up, Parent(up));
            default: // any pair, roles permitting or not
                return (a, a == b ? (b + 1) % Cards : b);
        }
    }

    private void Create(uint amount)
    {
        CardModel center = _cards[0];
        StatusWord expected = center.IsLocked ? BankStatusWords.BadKeyLimitReached
            : center.Balance + amount > BankBalance.MaxAmount ? BankStatusWords.BalanceLimitExceeded : Ok;
        BankCardClient client = _nodes[0].Ready();
        Assert.That(client.CreateMoney(amount, _nodes[0].Account, BankTestKeys.CreationKey).StatusWord, Is.EqualTo(expected), "CREATE MONEY");
        if (expected == Ok)
        {
            center.Balance += amount;
            _created += amount;
        }
    }

    private void RollKeys(int days)
    {
        CardModel center = _cards[0];
        BankDate date = BankDate.FromDateOnly(center.Date.ToDateOnly().AddDays(days));
        RollKeysResponse response = _nodes[0].Ready().RollKeys(date, BankTestCards.TestInterest);
        Assert.That(response.StatusWord, Is.EqualTo(center.IsLocked ? BankStatusWords.BadKeyLimitReached : Ok), "ROLL KEYS");
        if (response.IsSuccess)
        {
            center.KeyNumber++;
            center.Date = date;
            Assert.That(response.KeyNumber, Is.EqualTo(center.KeyNumber));
        }
    }

    private void WrongPin(int i, uint amount)
    {
        BankCardClient client = _nodes[i].Ready();
        Assert.That(client.VerifyPin("9999").TriesLeft, Is.EqualTo(2), "a wrong PIN");

        // The failed VERIFY clears the PIN's validation: paying above MIN_TRANS needs it.
        uint above = Math.Max(amount, 101);
        StatusWord begin = client.BeginExchange(ExchangeMode.Pay, Math.Min(above, BankBalance.MaxAmount), _cards[i].KeyNumber).StatusWord;
        Assert.That(begin, Is.EqualTo(_cards[i].IsLocked ? BankStatusWords.BadKeyLimitReached : BankRoles.CanPay(_cards[i].Role) ? StatusWord.SecurityStatusNotSatisfied : StatusWord.FunctionNotSupported), "paying without the PIN");
        _nodes[i].Ready();
    }

    private void WrongKey(int i)
    {
        CardModel card = _cards[i];
        StatusWord begin = _nodes[i].Ready().BeginExchange(ExchangeMode.Pay, 1, (byte)(card.KeyNumber + 5)).StatusWord;
        if (card.IsLocked)
        {
            Assert.That(begin, Is.EqualTo(BankStatusWords.BadKeyLimitReached), "a locked card");
            return;
        }

        Assert.That(begin, Is.EqualTo(card.Balance < 1 ? BankStatusWords.InsufficientBalance : BankStatusWords.NoCommonKeys), "a wrong key number");
        if (begin == BankStatusWords.NoCommonKeys)
            card.BadKey++;
    }

    private void Unlock(int i)
    {
        BankResponse response = _nodes[i].Ready().SetSecurityLock(close: false, _nodes[i].Account, BankTestKeys.LockOpenMasterKey);
        Assert.That(response.StatusWord, Is.EqualTo(Ok), "SET SECURITY LOCK open");
        _cards[i].BadKey = 0;
    }

    /// <summary>What BEGIN on both cards answers, in order: receiver first, then the payer; null when both succeed.</summary>
    private (ExchangeStep Step, StatusWord StatusWord)? PredictBegin(int payer, int payee, uint amount, bool interest)
    {
        CardModel p = _cards[payer];
        CardModel q = _cards[payee];
        if (q.IsLocked)
            return (ExchangeStep.BeginReceiver, BankStatusWords.BadKeyLimitReached);
        if (!interest && q.Balance + amount > BankBalance.MaxAmount)
            return (ExchangeStep.BeginReceiver, BankStatusWords.BalanceLimitExceeded);
        if (p.IsLocked)
            return (ExchangeStep.BeginPayer, BankStatusWords.BadKeyLimitReached);
        if (!interest && p.Balance < amount)
            return (ExchangeStep.BeginPayer, BankStatusWords.InsufficientBalance);
        if (Math.Abs((sbyte)(byte)(p.KeyNumber - q.KeyNumber)) > 2)
            return (ExchangeStep.BeginPayer, BankStatusWords.NoCommonKeys);
        return null;
    }

    private void Transfer(int payer, int payee, uint amount, ModelOp op)
    {
        CardModel p = _cards[payer];
        CardModel q = _cards[payee];
        BankCardClient from = _nodes[payer].Ready();
        BankCardClient to = _nodes[payee].Ready();
        ScheduleCut(op, payer, payee);

        (ExchangeStep Step, StatusWord StatusWord)? refusal = PredictBegin(payer, payee, amount, interest: false);
        if (refusal is null && !BankRoles.MayPay(p.Role, q.Role))
            refusal = (ExchangeStep.Step1, BankStatusWords.RolesMayNotTransact);

        var log = new List<byte[]>();
        ExchangeOutcome outcome = RunTransfer(from, to, amount, log);
        Count($"transfer {outcome}");
        if (CutHappened(payer, payee, out int cutCard))
        {
            Settle(payer, payee, amount, interest: false, outcome, cutCard);
            return;
        }

        CancelCuts(payer, payee);
        if (refusal is { } r)
        {
            Assert.That((outcome.Step, outcome.StatusWord), Is.EqualTo(r), $"transfer {payer}->{payee} {amount}");
            if (r.StatusWord == BankStatusWords.NoCommonKeys)
                p.BadKey++;
            return;
        }

        Assert.That(outcome.IsCompleted, $"transfer {payer}->{payee} {amount}: {outcome}");
        p.Balance -= amount;
        q.Balance += amount;
        _recorded = (payer, payee, amount, log[0][0], log[0][1..], log[1], log[2]);
        Download(payer, payee);
    }

    private static ExchangeOutcome RunTransfer(BankCardClient payer, BankCardClient payee, uint amount, List<byte[]> log)
    {
        // The terminal's relay, keeping the packets for replays: [AK0 ‖ P1], [P2 ‖ P3], [P4].
        try
        {
            BeginExchangeResponse key = payee.BeginExchange(ExchangeMode.ReceivePayment, amount);
            if (!key.IsSuccess)
                return new ExchangeOutcome(ExchangeStep.BeginReceiver, key.StatusWord, false);
            BeginExchangeResponse p1 = payer.BeginExchange(ExchangeMode.Pay, amount, key.KeyNumber);
            if (!p1.IsSuccess)
                return new ExchangeOutcome(ExchangeStep.BeginPayer, p1.StatusWord, false);
            log.Add([p1.KeyNumber, .. p1.Packet]);
            ExchangeStep1Response p2 = payee.ExchangeStep1(p1.KeyNumber, p1.Packet);
            if (!p2.IsSuccess)
                return new ExchangeOutcome(ExchangeStep.Step1, p2.StatusWord, false);
            log.Add(p2.Packets);
        }
        catch (CardConnectionException)
        {
            return new ExchangeOutcome(log.Count == 0 ? ExchangeStep.BeginPayer : ExchangeStep.Step1, Ok, true);
        }

        try
        {
            ExchangeStep2Response p4 = payer.ExchangeStep2(log[1]);
            if (!p4.IsSuccess)
                return new ExchangeOutcome(ExchangeStep.Step2, p4.StatusWord, false);
            log.Add(p4.Packet);
        }
        catch (CardConnectionException)
        {
            return new ExchangeOutcome(ExchangeStep.Step2, Ok, true);
        }

        try
        {
            BankResponse done = payee.ExchangeStep3(log[2]);
            return done.IsSuccess ? new ExchangeOutcome(ExchangeStep.Completed, Ok, false) : new ExchangeOutcome(ExchangeStep.Step3, done.StatusWord, false);
        }
        catch (CardConnectionException)
        {
            return new ExchangeOutcome(ExchangeStep.Step3, Ok, true);
        }
    }

    private void Interest(int giver, int receiver, ModelOp op)
    {
        CardModel g = _cards[giver];
        CardModel r = _cards[receiver];
        uint interest = ExpectedInterest(g, r);
        BankCardClient bank = _nodes[giver].Ready();
        BankCardClient user = _nodes[receiver].Ready();
        ScheduleCut(op, giver, receiver);
        (ExchangeStep Step, StatusWord StatusWord)? refusal = PredictBegin(giver, receiver, 0, interest: true);
        if (refusal is null && g.Balance < interest)
            refusal = (ExchangeStep.Step2, BankStatusWords.InsufficientBalance);

        ExchangeOutcome outcome = BankExchangeTerminal.PayInterest(bank, user);
        Count($"interest {outcome}");
        if (CutHappened(giver, receiver, out int cutCard))
        {
            Settle(giver, receiver, interest, interest: true, outcome, cutCard);
            return;
        }

        CancelCuts(giver, receiver);
        if (refusal is { } no)
        {
            Assert.That((outcome.Step, outcome.StatusWord), Is.EqualTo(no), $"interest {giver}->{receiver}");
            if (no.StatusWord == BankStatusWords.NoCommonKeys)
                g.BadKey++;
            return;
        }

        Assert.That(outcome.IsCompleted, $"interest {giver}->{receiver}: {outcome}");
        g.Balance -= interest;
        g.BadKey = 0;
        ApplyInterestCredit(g, r, interest);
        Download(giver, receiver);
    }

    private static uint ExpectedInterest(CardModel giver, CardModel receiver)
    {
        int days = Math.Max(0, giver.Date.DayNumber - receiver.LastInterest.DayNumber);
        UInt128 owed = (UInt128)receiver.Balance * receiver.Rate * (uint)days / 1_000_000_000;
        return (uint)UInt128.Min(owed, BankBalance.MaxAmount - receiver.Balance);
    }

    private static void ApplyInterestCredit(CardModel giver, CardModel receiver, uint interest)
    {
        receiver.Balance += interest;
        receiver.Rate = giver.Interest;
        if (BankRoles.IsBank(receiver.Role))
            receiver.Interest = giver.Interest;
        if (giver.Date.DayNumber > receiver.LastInterest.DayNumber)
            receiver.LastInterest = giver.Date;
        if (giver.Date.DayNumber > receiver.Date.DayNumber)
            receiver.Date = giver.Date;
        if ((sbyte)(byte)(giver.KeyNumber - receiver.KeyNumber) > 0)
            receiver.KeyNumber++;
        receiver.BadKey = 0;
    }

    /// <summary>After a power cut: the cards show nothing moved, everything moved, or the documented loss.</summary>
    private void Settle(int payer, int payee, uint amount, bool interest, ExchangeOutcome outcome, int cutCard)
    {
        CardModel p = _cards[payer];
        CardModel q = _cards[payee];
        Assert.That(outcome.ConnectionLost, $"a cut that did not silence the card: {outcome}");
        uint payerBalance = _nodes[payer].Balance;
        BankCardClient receiver = _nodes[payee].Client;
        GetCardStatusResponse status = receiver.GetStatus();
        BankBalance balance = receiver.ReadBalance().Balance;
        var observed = (status.Balance, status.KeyNumber, balance.Rate, balance.LastInterestDate);

        // What the receiving card would hold had it committed.
        var before = (q.Balance, q.KeyNumber, q.Rate, q.LastInterest);
        CardModel after = q.Clone();
        if (interest)
            ApplyInterestCredit(p, after, amount);
        else
            after.Balance += amount;
        var committed = (after.Balance, after.KeyNumber, after.Rate, after.LastInterest);
        bool payeeCommitted = observed == committed && committed != before;
        Assert.That(observed, Is.AnyOf(before, committed), $"the receiving card {payee} after a cut at card {cutCard}: {outcome}");
        bool payerCommitted = payerBalance == p.Balance - amount && amount > 0;
        if (amount > 0)
            Assert.That(payerBalance, Is.AnyOf(p.Balance, p.Balance - amount), $"the paying card {payer} after a cut at card {cutCard}: {outcome}");

        if (payeeCommitted)
        {
            Assert.That(payerBalance, Is.EqualTo(p.Balance - amount), "the receiver credited: the payer debited first");
            p.Balance -= amount;
            if (interest)
                ApplyInterestCredit(p, q, amount);
            else
                q.Balance += amount;
        }
        else if (payerCommitted)
        {
            Assert.That(outcome.Step is ExchangeStep.Step2 or ExchangeStep.Step3, $"a loss outside the window: {outcome}");
            p.Balance -= amount;
            _losses.Add((payer, payee, amount));
            _lost += amount;
        }

        // BAD_KEY: a cut inside a check keeps its pessimistic count; a committed interest transaction clears it.
        foreach ((int index, CardModel card) in new[] { (payer, p), (payee, q) })
        {
            int count = _nodes[index].Client.GetStatus().BadKeyCount;
            Assert.That(count, Is.AnyOf(card.BadKey, card.BadKey + 1, 0), $"BAD_KEY of card {index} after a cut");
            card.BadKey = count;
        }

        Download(payer, payee);
        RestoreLosses(final: false);
    }

    private void Replay(OpKind kind)
    {
        if (_recorded is not { } r)
            return;
        Count(kind.ToString());
        CardModel p = _cards[r.Payer];
        CardModel q = _cards[r.Payee];
        BankCardClient payer = _nodes[r.Payer].Ready();
        BankCardClient payee = _nodes[r.Payee].Ready();
        if (PredictBegin(r.Payer, r.Payee, r.Amount, interest: false) is not null || q.IsLocked || p.IsLocked)
            return;

        switch (kind)
        {
            case OpKind.ReplayP1:
            {
                // An old P1 only starts a session that pays nothing; its AK0 may have left the payee's key set.
                Assert.That(payee.BeginExchange(ExchangeMode.ReceivePayment, r.Amount).IsSuccess);
                int index = (byte)(r.Ak0 - q.KeyNumber);
                StatusWord answer = payee.ExchangeStep1(r.Ak0, r.P1).StatusWord;
                Assert.That(answer, Is.EqualTo(index <= 2 ? Ok : BankStatusWords.NoCommonKeys), "replayed P1");
                if (index > 2)
                    q.BadKey++;
                break;
            }

            case OpKind.ReplayStep2:
            {
                // An old P2 ‖ P3 against a new payer session: R1 differs.
                Assert.That(payee.BeginExchange(ExchangeMode.ReceivePayment, r.Amount).IsSuccess);
                Assert.That(payer.BeginExchange(ExchangeMode.Pay, r.Amount, q.KeyNumber).IsSuccess);
                Assert.That(payer.ExchangeStep2(r.P2P3).StatusWord, Is.AnyOf(BankStatusWords.BadPacket, StatusWord.WrongLength), "replayed P2 ‖ P3");
                p.BadKey++;
                break;
            }

            default:
            {
                // An old P4 in place of the new one: the payee refuses it; the payer, who committed first, lost the amount.
                var log = new List<byte[]>();
                Assert.That(payee.BeginExchange(ExchangeMode.ReceivePayment, r.Amount).IsSuccess);
                BeginExchangeResponse p1 = payer.BeginExchange(ExchangeMode.Pay, r.Amount, q.KeyNumber);
                byte[] p2p3 = payee.ExchangeStep1(p1.KeyNumber, p1.Packet).Packets;
                Assert.That(payer.ExchangeStep2(p2p3).IsSuccess, "the new session's debit");
                Assert.That(payee.ExchangeStep3(r.P4).StatusWord, Is.EqualTo(BankStatusWords.BadPacket), "replayed P4");
                _ = log;
                p.Balance -= r.Amount;
                q.BadKey++;
                _losses.Add((r.Payer, r.Payee, r.Amount));
                _lost += r.Amount;
                Download(r.Payer, r.Payee);
                RestoreLosses(final: false);
                break;
            }
        }
    }

    private void RestoreLosses(bool final)
    {
        IReadOnlyList<ExchangeLoss> found = _reconciler.FindLosses();
        Assert.That(
            found.Select(l => $"{l.Payer}>{l.Payee}:{l.Amount}").Order(StringComparer.Ordinal),
            Is.EqualTo(_losses.Select(l => $"{_nodes[l.Payer].Account}>{_nodes[l.Payee].Account}:{l.Amount}").Order(StringComparer.Ordinal)),
            "the reconciler finds exactly the losses");
        foreach (ExchangeLoss loss in found)
        {
            int payer = Array.FindIndex(_nodes, n => n.Account == loss.Payer);
            int parent = Parent(payer);
            if (parent < 0)
            {
                // The center's own loss: the creation key holder re-creates it.
                BankResponse created = _nodes[0].Ready().CreateMoney(loss.Amount, _nodes[0].Account, BankTestKeys.CreationKey);
                if (!created.IsSuccess)
                    continue;
                _cards[0].Balance += loss.Amount;
                _created += loss.Amount;
                _reconciler.MarkRestored(loss);
            }
            else
            {
                if (PredictBegin(parent, payer, loss.Amount, interest: false) is not null)
                    continue;
                ExchangeOutcome outcome = _reconciler.Restore(loss, _nodes[parent].Ready(), _nodes[payer].Ready());
                Assert.That(outcome.IsCompleted, $"restoring {loss}: {outcome}");
                _cards[parent].Balance -= loss.Amount;
                _cards[payer].Balance += loss.Amount;
                Download(parent, payer);
            }

            _losses.Remove(_losses.First(l => _nodes[l.Payer].Account == loss.Payer && l.Amount == loss.Amount));
            _restored++;
        }

        if (final)
            TestContext.Out.WriteLine($"created {_created}, lost {_lost}, restored {_restored}, still owed {_losses.Count}; {string.Join(", ", _stats.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}"))}");
    }

    private void Count(string what) => _stats[what] = _stats.GetValueOrDefault(what) + 1;

    private void CheckInvariants(ModelOp? op)
    {
        long total = 0;
        for (int i = 0; i < Cards; i++)
        {
            GetCardStatusResponse status = _nodes[i].Ready().GetStatus();
            CardModel card = _cards[i];
            Assert.That((status.Balance, status.KeyNumber, status.BadKeyCount), Is.EqualTo((card.Balance, card.KeyNumber, card.BadKey)), $"card {i} after {op}");
            total += status.Balance;
        }

        Assert.That(total, Is.EqualTo(_created - _lost), $"money created minus losses after {op}");
    }

    private void ScheduleCut(ModelOp op, int first, int second) =>
        _cut = op.Cut >= 0 ? ScheduledCut.At(_nodes[op.Cut == 0 ? first : second].Card.Eeprom, op.CutAt, op.Fraction) : null;

    private bool CutHappened(int first, int second, out int cut)
    {
        cut = !_nodes[first].Card.IsPowered ? first : !_nodes[second].Card.IsPowered ? second : -1;
        bool fired = _cut?.Settle("the scheduled cut") ?? false;
        _cut = null;
        Assert.That(cut >= 0, Is.EqualTo(fired), "a card went mute exactly when its scheduled cut fired");
        if (cut >= 0)
        {
            _nodes[cut].Reader.PowerCycle();
            _nodes[first].Ready();
            _nodes[second].Ready();
        }

        return cut >= 0;
    }

    private void CancelCuts(int first, int second)
    {
        _nodes[first].Card.Eeprom.CancelTear();
        _nodes[second].Card.Eeprom.CancelTear();
    }

    private void Download(int a, int b)
    {
        _ledger.Download(_nodes[a].Ready(), _nodes[a].Account);
        _ledger.Download(_nodes[b].Ready(), _nodes[b].Account);
    }

    /// <summary>What the model knows of one card.</summary>
    private sealed class CardModel(BankRole role, int parent)
    {
        public BankRole Role { get; } = role;

        public int Parent { get; } = parent;

        public uint Balance { get; set; }

        public byte KeyNumber { get; set; } = BankTestKeys.FirstKeyNumber;

        public int BadKey { get; set; }

        public bool IsLocked => BadKey >= BadKeyLimit;

        public BankDate Date { get; set; } = BankTestKeys.Date;

        public BankDate LastInterest { get; set; } = BankTestKeys.Date;

        public uint Rate { get; set; }

        public uint Interest { get; set; }

        public CardModel Clone() => (CardModel)MemberwiseClone();
    }
}
