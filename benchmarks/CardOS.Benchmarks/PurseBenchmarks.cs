using BenchmarkDotNet.Attributes;
using CardOS.Applets.Purse;
using CardOS.Applets.Purse.Commands;
using CardOS.Applets.Purse.Terminal;
using CardOS.Reader.InProcess;
using CardOS.Runtime;

namespace CardOS.Benchmarks;

/// <summary>
/// Purchases of 0.01 through in-process readers. <see cref="PurchaseApdus"/> is the protocol alone: INITIALIZE FOR
/// PURCHASE, PSAM INITIALIZE PURCHASE, DEBIT, PSAM COMPLETE PURCHASE (four APDUs, five AES-CMACs and three key
/// derivations). <see cref="MerchantPurchase"/> is what the split terminal's server does per payment (SELECT, PSAM GET
/// DATA, the four APDUs, two ledger writes to a ledger that keeps nothing).
/// </summary>
[MemoryDiagnoser]
public class PurseBenchmarks
{
    private static readonly byte[] Date = BcdDate.From(new DateOnly(2026, 1, 15));
    private InProcessReader _purse = null!;
    private InProcessReader _psam = null!;
    private MerchantService _merchant = null!;

    [GlobalSetup]
    public void Setup()
    {
        var purseCard = new Card(new CardOptions { RandomSeed = 1 });
        PurseApplet.Install(purseCard, PursePersonalization.ForTestIssuer(initialBalance: 2_000_000_000, maximumBalance: 2_000_000_000));
        var psamCard = new Card(new CardOptions { RandomSeed = 2 });
        PsamApplet.Install(psamCard, PsamPersonalization.ForTestIssuer());
        _purse = new InProcessReader(purseCard);
        _psam = new InProcessReader(psamCard);
        _merchant = new MerchantService(_psam, new NullLedger());
        _merchant.Start();
        _purse.SendChecked(new SelectApplicationCommand(PurseApplet.DefaultAid));
    }

    [Benchmark]
    public uint PurchaseApdus()
    {
        InitializeForPurchaseResponse init = _purse.SendChecked(new InitializeForPurchaseCommand());
        PsamInitializePurchaseResponse signed = _psam.SendChecked(new PsamInitializePurchaseCommand(init.Data.Span, 1, Date));
        DebitResponse debit = _purse.SendChecked(new DebitCommand(signed.DebitData));
        return _psam.SendChecked(new PsamCompletePurchaseCommand(signed.Sequence, debit.BalanceAfter, debit.S3)).Count;
    }

    [Benchmark]
    public uint MerchantPurchase() => _merchant.Pay(_purse, "bench", 1).BalanceAfter;

    internal sealed class NullLedger : IPaymentLedger
    {
        public void EnsureCreated()
        {
        }

        public void AddPending(PaymentRecord record)
        {
        }

        public void SetStatus(string psamId, long sequence, PaymentStatus status)
        {
        }

        public IReadOnlyList<PaymentRecord> GetRecords() => [];

        public IReadOnlyList<PaymentRecord> CloseBatch(long batch) => [];
    }
}
