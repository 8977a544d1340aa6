using BenchmarkDotNet.Attributes;
using CardOS.Apdu;
using CardOS.Reader.InProcess;
using CardOS.Runtime;

namespace CardOS.Benchmarks;

/// <summary>
/// The APDU path through the in-process reader: a SELECT by AID followed by a case-2 command answering 8 bytes.
/// One operation is two APDUs.
/// </summary>
[MemoryDiagnoser]
public class ApduBenchmarks
{
    private static readonly byte[] Select = Hex.Decode("00A4040007F0000000010203");
    private static readonly byte[] ReadEight = Hex.Decode("00B0000008");
    private readonly byte[] _response = new byte[Card.MaxResponseLength];
    private InProcessReader _reader = null!;

    [GlobalSetup]
    public void Setup()
    {
        var card = new Card(new CardOptions { RandomSeed = 1 });
        card.Install(new Aid(Select.AsSpan(5)), context => new ConstantApplet(context));
        _reader = new InProcessReader(card);
    }

    [Benchmark(OperationsPerInvoke = 2)]
    public int SelectThenCase2()
    {
        int length = _reader.Transmit(Select, _response);
        length += _reader.Transmit(ReadEight, _response);
        return length;
    }

    [Benchmark]
    public int Case2Only() => _reader.Transmit(ReadEight, _response);

    /// <summary>Answers eight constant bytes to any command.</summary>
    private sealed class ConstantApplet(AppletContext context) : Applet(context)
    {
        private static readonly byte[] Answer = [1, 2, 3, 4, 5, 6, 7, 8];

        protected override void Process(ApduContext apdu) => apdu.Send(Answer);
    }
}
