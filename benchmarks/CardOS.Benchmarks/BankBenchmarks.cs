using BenchmarkDotNet.Attributes;
using CardOS.Applets.BankHierarchy;
using CardOS.Reader.InProcess;
using CardOS.Runtime;

namespace CardOS.Benchmarks;

/// <summary>
/// Card-to-card transfers of the bank hierarchy (seed 000) between two in-process cards, relayed by
/// <see cref="BankExchangeTerminal"/>: five APDUs and two committed transactions per transfer. ALICE pays BOB one unit,
/// then BOB pays ALICE one unit back, so one operation is two transfers.
/// </summary>
[MemoryDiagnoser]
public class BankBenchmarks
{
    private BankCardClient _alice = null!;
    private BankCardClient _bob = null!;

    /// <summary>The crypto profile of both cards.</summary>
    [Params(CryptoProfile.Des, CryptoProfile.Aes)]
    public CryptoProfile Profile { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _alice = Open(BankTestCard.User, 1);
        _bob = Open(BankTestCard.SecondUser, 2);
    }

    [Benchmark(OperationsPerInvoke = 2)]
    public bool TransferBothWays()
    {
        bool there = BankExchangeTerminal.Transfer(_alice, _bob, 1).IsCompleted;
        bool back = BankExchangeTerminal.Transfer(_bob, _alice, 1).IsCompleted;
        return there & back;
    }

    private BankCardClient Open(BankTestCard which, int seed)
    {
        var card = new Card(new CardOptions { RandomSeed = seed });
        BankCardApplet.InstallTestCard(card, which, Profile);
        var client = new BankCardClient(new InProcessReader(card)) { Profile = Profile };
        client.Select().ThrowIfFailed();
        return client;
    }
}
