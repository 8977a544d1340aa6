using BenchmarkDotNet.Attributes;
using CardOS.Applets.Purse;
using CardOS.Applets.Purse.Terminal;
using CardOS.Reader.InProcess;
using CardOS.Reader.Pcsc;
using CardOS.Reader.Vpcd;
using CardOS.Runtime;

namespace CardOS.Benchmarks;

/// <summary>
/// Purchases of 0.01 with the purse served through the real pcscd and vpcd ("Virtual PCD 00 00"; pcscd must run,
/// scripts/start-pcscd.sh). <see cref="PurchaseThroughPcscd"/>: the merchant service drives the purse over CardOS's
/// PC/SC channel (SELECT, INITIALIZE FOR PURCHASE, DEBIT through pcscd; the PSAM in-process).
/// <see cref="RelayedPurchaseThroughPcscd"/>: the whole split terminal, the client relaying over TCP on 127.0.0.1.
/// </summary>
public class PursePcscBenchmarks : IDisposable
{
    private const string Reader = "Virtual PCD 00 00";
    private readonly CancellationTokenSource _stop = new();
    private Task _slot = Task.CompletedTask;
    private SCardContext _context = null!;
    private PcscCardChannel _purse = null!;
    private MerchantService _merchant = null!;
    private MerchantServer _server = null!;

    [GlobalSetup]
    public void Setup()
    {
        var purseCard = new Card(new CardOptions { RandomSeed = 1 });
        PurseApplet.Install(purseCard, PursePersonalization.ForTestIssuer(initialBalance: 2_000_000_000, maximumBalance: 2_000_000_000));
        _slot = new VpcdSlot(purseCard, new VpcdOptions(), 0).RunAsync(_stop.Token);
        _context = SCardContext.Establish();
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
            _context.WaitForCardAsync(Reader, wait.Token).GetAwaiter().GetResult();
        _purse = _context.Connect(Reader);

        var psamCard = new Card(new CardOptions { RandomSeed = 2 });
        PsamApplet.Install(psamCard, PsamPersonalization.ForTestIssuer());
        _merchant = new MerchantService(new InProcessReader(psamCard), new PurseBenchmarks.NullLedger());
        _merchant.Start();
        _server = new MerchantServer(_merchant);
        _server.Start();
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _server.Dispose();
        _purse.Dispose();
        _context.Dispose();
        _stop.Cancel();
        _slot.GetAwaiter().GetResult();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark]
    public uint PurchaseThroughPcscd() => _merchant.Pay(_purse, "bench", 1).BalanceAfter;

    [Benchmark]
    public uint RelayedPurchaseThroughPcscd() => PurseRelayClient.Pay("127.0.0.1", _server.Port, _purse, "bench", 1).BalanceAfter;
}
