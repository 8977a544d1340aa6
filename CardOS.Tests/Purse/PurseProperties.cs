using CardOS.Apdu;
using CardOS.Applets.Purse;
using CardOS.Applets.Purse.Commands;
using CardOS.Applets.Purse.Terminal;
using FsCheck;
using FsCheck.Fluent;

using CardOS.Tests.Storage;

namespace CardOS.Tests.Purse;

/// <summary>
/// The purse's invariants under random sequences of purchases, loads, forged and replayed signatures, and interrupted
/// sessions: the balance follows a simple model exactly, stays within [0, maximum], the counter strictly increases with
/// every session, a forged or replayed DEBIT or CREDIT changes nothing, and purse, PSAM and ledger agree.
/// </summary>
public class PurseProperties
{
    private const uint Maximum = 20_000;
    private static readonly byte[] Date = BcdDate.From(new DateOnly(2026, 1, 15));

    private enum Kind
    {
        Purchase,
        AuthenticationOnly,
        Load,
        PurchaseWrongS2,
        LoadWrongS2,
        ReplayedDebit,
        ReplayedCredit,
        PurchaseDebitLost,
        PurchaseAnswerLost,
        LoadCreditLost,
        LoadAnswerLost,
    }

    private static readonly Gen<(Kind Kind, uint Amount)> Operation =
        from kind in Gen.Elements(Enum.GetValues<Kind>())
        from amount in Gen.Frequency((4, Gen.Choose(1, 3000)), (1, Gen.Choose(0, 25_000)))
        select (kind, (uint)amount);

    private static readonly Arbitrary<(Kind Kind, uint Amount)[]> Sequences =
        Gen.ListOf(Operation).Select(list => list.Take(24).ToArray()).ToArbitrary();

    [FsCheck.NUnit.Property(MaxTest = 60)]
    public Property RandomSessions_BalanceFollowsModel_CounterIncreases_ForgeriesChangeNothing() =>
        Prop.ForAll(Sequences, operations =>
        {
            var world = new PurseWorld(initialBalance: 5_000, maximumBalance: Maximum);
            world.SelectAll();
            var session = new Session(world);
            uint model = 5_000;
            foreach ((Kind kind, uint amount) in operations)
            {
                uint counterBefore = world.Purse.Counter;
                int logBefore = world.ReadLog().Count;
                world.SelectAll();
                bool opensSession = session.Run(kind, amount, ref model);
                uint balance = world.Purse.Balance;
                if (balance != model || balance > Maximum)
                    return false.Label($"{kind} {amount}: balance {balance}, model {model}");
                if (opensSession ? world.Purse.Counter <= counterBefore : world.Purse.Counter != counterBefore)
                    return false.Label($"{kind} {amount}: counter {counterBefore} -> {world.Purse.Counter}");
                bool forged = kind is Kind.PurchaseWrongS2 or Kind.LoadWrongS2 or Kind.ReplayedDebit or Kind.ReplayedCredit;
                if (forged && world.ReadLog().Count != logBefore)
                    return false.Label($"{kind}: the log changed");
            }

            return session.Consistent().Label("purse, PSAM, load module and ledger agree");
        });

    [FsCheck.NUnit.Property(MaxTest = 40)]
    public Property MerchantPurchases_PurseDecreaseEqualsPsamTotalEqualsLedger() =>
        Prop.ForAll(Gen.ListOf(Gen.Choose(0, 4000)).Select(l => l.Take(12).ToArray()).ToArbitrary(), amounts =>
        {
            var world = new PurseWorld(initialBalance: 20_000);
            var ledger = new InMemoryPaymentLedger();
            MerchantService merchant = world.CreateMerchant(ledger);
            uint start = world.Purse.Balance;
            ulong completed = 0;
            foreach (int amount in amounts)
            {
                PaymentResult result = merchant.Pay(world.PurseReader, "owner", (uint)amount);
                if (result.Code == PaymentResultCode.Completed)
                    completed += (uint)amount;
                else if (result.StatusWord != PurseStatusWords.InsufficientBalance)
                    return false.Label($"unexpected {result.Code} {result.StatusWord}");
            }

            long recorded = ledger.GetRecords().Where(r => r.Status == PaymentStatus.Completed).Sum(r => r.Amount);
            return (start - world.Purse.Balance == completed && world.Psam.Total == completed && (ulong)recorded == completed
                && ledger.GetRecords().All(r => r.Status == PaymentStatus.Completed)).Label($"decrease {start - world.Purse.Balance}, PSAM {world.Psam.Total}, ledger {recorded}");
        });

    [FsCheck.NUnit.Property(MaxTest = 60)]
    public Property LoadRecovery_AlwaysDecidesWhetherValueWasLoaded() =>
        Prop.ForAll(
            (from failure in Gen.Choose(0, 4)
             from amount in Gen.Choose(1, 5000)
             from between in Gen.ListOf(Gen.Choose(0, 800)).Select(l => l.Take(3).ToArray())
             from tear in Gen.Choose(0, 12)
             select (failure, (uint)amount, between, tear)).ToArbitrary(),
            input =>
            {
                (int failure, uint amount, int[] between, int tear) = input;
                var world = new PurseWorld(initialBalance: 5_000, maximumBalance: Maximum);
                world.SelectAll();
                uint before = world.Purse.Balance;
                InitializeForLoadResponse request = world.PurseReader.SendChecked(new InitializeForLoadCommand(amount, PurseTestKeys.Currency, Date, PurseTestKeys.LoadModuleId));
                byte[] s2 = world.LoadModuleReader.SendChecked(new AuthorizeLoadCommand(request.Data.Span)).S2;
                switch (failure)
                {
                    case 0: // S2 never reaches the purse.
                        break;
                    case 1: // The purse credits; its answer is lost.
                        world.PurseReader.Send(new CreditCommand(s2));
                        break;
                    case 2: // A forged S2: the purse refuses.
                        s2[0] ^= 1;
                        world.PurseReader.Send(new CreditCommand(s2));
                        break;
                    case 3: // Power cut at some write of the CREDIT.
                        var cut = ScheduledCut.At(world.PurseCard.Eeprom, tear);
                        try
                        {
                            world.PurseReader.Send(new CreditCommand(s2));
                        }
                        catch (CardConnectionException)
                        {
                        }

                        cut.Settle($"CREDIT cut at write {tear}");
                        world.PurseReader.PowerCycle();
                        break;
                    default: // The card is reset before the CREDIT.
                        world.PurseReader.Reset();
                        break;
                }

                // Purchases between the failure and the recovery move the balance; the decision must not depend on it.
                uint spent = 0;
                var merchant = world.CreateMerchant();
                foreach (int purchase in between)
                {
                    if (merchant.Pay(world.PurseReader, "x", (uint)purchase).Code == PaymentResultCode.Completed)
                        spent += (uint)purchase;
                }

                bool loaded = world.Purse.Balance + spent - before == amount;
                if (!loaded && world.Purse.Balance + spent != before)
                    return false.Label($"balance moved by neither 0 nor the amount: {before} -> {world.Purse.Balance} (+{spent} spent)");
                LoadOutcome? outcome = world.CreateLoader().Recover();
                ulong counted = world.LoadModule.Total;
                return (outcome == (loaded ? LoadOutcome.Loaded : LoadOutcome.NotLoaded) && counted == (loaded ? amount : 0u))
                    .Label($"failure {failure}: loaded {loaded}, decided {outcome}, counted {counted}");
            });

    /// <summary>Runs the operations on the three cards, keeping a log of old signatures to replay.</summary>
    private sealed class Session(PurseWorld world)
    {
        private readonly MerchantService _merchant = world.CreateMerchant();
        private byte[]? _oldDebit;
        private byte[]? _oldS2;
        private ulong _loaded;

        public bool Run(Kind kind, uint amount, ref uint model)
        {
            ICardChannel purse = world.PurseReader;
            ICardChannel psam = world.PsamReader;
            ICardChannel module = world.LoadModuleReader;
            switch (kind)
            {
                case Kind.Purchase:
                case Kind.AuthenticationOnly:
                {
                    uint value = kind == Kind.AuthenticationOnly ? 0 : amount;
                    PaymentResult result = _merchant.Pay(purse, "model", value);
                    if (result.Code == PaymentResultCode.Completed)
                        model -= value;
                    return true;
                }

                case Kind.PurchaseWrongS2:
                case Kind.PurchaseDebitLost:
                case Kind.PurchaseAnswerLost:
                {
                    InitializeForPurchaseResponse init = purse.SendChecked(new InitializeForPurchaseCommand());
                    PsamInitializePurchaseResponse signed = psam.Send(new PsamInitializePurchaseCommand(init.Data.Span, Math.Min(amount, init.Balance), Date));
                    if (!signed.IsSuccess)
                        return true;
                    byte[] data = signed.DebitData;
                    _oldDebit = data;
                    if (kind == Kind.PurchaseWrongS2)
                    {
                        data = (byte[])data.Clone();
                        data[^1] ^= 0x80;
                        purse.Send(new DebitCommand(data));
                    }
                    else if (kind == Kind.PurchaseAnswerLost)
                    {
                        model -= purse.SendChecked(new DebitCommand(data)) is { } _ ? Math.Min(amount, init.Balance) : 0;
                    }

                    return true;
                }

                case Kind.ReplayedDebit:
                    purse.SendChecked(new InitializeForPurchaseCommand());
                    if (_oldDebit is not null)
                        Expect(purse.Send(new DebitCommand(_oldDebit)).StatusWord, StatusWord.IncorrectSecureMessagingData);
                    return true;

                case Kind.Load:
                case Kind.LoadWrongS2:
                case Kind.LoadCreditLost:
                case Kind.LoadAnswerLost:
                {
                    var loader = new PurseLoader(purse, module, FixedTime.Default);
                    InitializeForLoadResponse request = purse.Send(new InitializeForLoadCommand(amount, PurseTestKeys.Currency, Date, PurseTestKeys.LoadModuleId));
                    if (!request.IsSuccess)
                    {
                        Expect(request.StatusWord, PurseStatusWords.MaximumBalanceExceeded);
                        return false;
                    }

                    AuthorizeLoadResponse authorization = module.SendChecked(new AuthorizeLoadCommand(request.Data.Span));
                    _oldS2 = authorization.S2;
                    switch (kind)
                    {
                        case Kind.Load:
                            CreditResponse credit = purse.SendChecked(new CreditCommand(authorization.S2));
                            module.SendChecked(new ConfirmLoadCommand(request.CardNumber, credit.BalanceAfter, credit.S3));
                            model += amount;
                            _loaded += amount;
                            break;
                        case Kind.LoadWrongS2:
                            byte[] forged = (byte[])authorization.S2.Clone();
                            forged[3] ^= 0x10;
                            Expect(purse.Send(new CreditCommand(forged)).StatusWord, StatusWord.IncorrectSecureMessagingData);
                            Expect(loader.Recover(), LoadOutcome.NotLoaded);
                            break;
                        case Kind.LoadCreditLost:
                            Expect(loader.Recover(), LoadOutcome.NotLoaded);
                            break;
                        default:
                            purse.SendChecked(new CreditCommand(authorization.S2));
                            model += amount;
                            _loaded += amount;
                            Expect(loader.Recover(), LoadOutcome.Loaded);
                            break;
                    }

                    return true;
                }

                default: // ReplayedCredit
                {
                    InitializeForLoadResponse request = purse.Send(new InitializeForLoadCommand(1, PurseTestKeys.Currency, Date, PurseTestKeys.LoadModuleId));
                    if (!request.IsSuccess)
                        return false;
                    if (_oldS2 is not null)
                        Expect(purse.Send(new CreditCommand(_oldS2)).StatusWord, StatusWord.IncorrectSecureMessagingData);
                    return true;
                }
            }
        }

        /// <summary>After resolving what is pending: PSAM total = ledger completed = purchases the purse logged; load module total = loads.</summary>
        public bool Consistent()
        {
            _merchant.Pay(world.PurseReader, "final", 0);
            List<PurseLogEntry> log = world.ReadLog();
            long ledger = _merchant.Ledger.GetRecords().Where(r => r.Status == PaymentStatus.Completed).Sum(r => r.Amount);
            return world.Psam.Total == (ulong)ledger
                && _merchant.Ledger.GetRecords().All(r => r.Status != PaymentStatus.Pending)
                && world.LoadModule.Total == _loaded
                && log.Select(e => e.Counter).Distinct().Count() == log.Count;
        }

        private static void Expect<T>(T actual, T expected)
        {
            if (!EqualityComparer<T>.Default.Equals(actual, expected))
                throw new InvalidOperationException($"Expected {expected}, got {actual}.");
        }
    }
}
