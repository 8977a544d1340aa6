using BenchmarkDotNet.Attributes;
using CardOS.Runtime;
using CardOS.Storage;

namespace CardOS.Benchmarks;

/// <summary>
/// The storage issue's benchmark: one transaction that rewrites a 24-byte BALANCE and a 36-byte PASSBOOK record, then
/// commits. Measured as a direct applet call (the storage layer alone) and as a whole APDU through the card, in memory
/// and backed by an image file (buffered, and write-through with an fsync per command).
/// </summary>
[MemoryDiagnoser]
public class StorageBenchmarks : IDisposable
{
    private static readonly byte[] Command = [0x80, 0x10, 0x00, 0x00];

    private readonly byte[] _response = new byte[Card.MaxResponseLength];
    private string _directory = "";
    private Card _memoryCard = null!;
    private PurseRecordsApplet _memoryApplet = null!;
    private CardImageFile _bufferedImage = null!;
    private Card _bufferedCard = null!;
    private CardImageFile _writeThroughImage = null!;
    private Card _writeThroughCard = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "cardos-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        var options = new CardOptions();
        _memoryCard = new Card(options);
        _memoryApplet = Prepare(_memoryCard);
        _bufferedImage = CardImageFile.Create(Path.Combine(_directory, "buffered.img"), options.EepromCapacity);
        _bufferedCard = new Card(options, _bufferedImage);
        Prepare(_bufferedCard);
        _writeThroughImage = CardImageFile.Create(Path.Combine(_directory, "write-through.img"), options.EepromCapacity, ImageDurability.WriteThrough);
        _writeThroughCard = new Card(options, _writeThroughImage);
        Prepare(_writeThroughCard);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _bufferedImage?.Dispose();
        _writeThroughImage?.Dispose();
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>The storage layer alone: begin, two atomic writes, commit.</summary>
    [Benchmark(Baseline = true)]
    public void CommitInMemoryDirect() => _memoryApplet.UpdateRecords();

    /// <summary>The same transaction as a command APDU through the card's dispatch loop.</summary>
    [Benchmark]
    public int CommitInMemoryApdu() => _memoryCard.Transmit(Command, _response);

    /// <summary>The command APDU on a card backed by an image file: the card flushes before it answers (no fsync).</summary>
    [Benchmark]
    public int CommitImageBufferedApdu() => _bufferedCard.Transmit(Command, _response);

    /// <summary>As above, with an fsync of the write-ahead record per command.</summary>
    [Benchmark]
    public int CommitImageWriteThroughApdu() => _writeThroughCard.Transmit(Command, _response);

    private static PurseRecordsApplet Prepare(Card card)
    {
        PurseRecordsApplet applet = card.Install(PurseRecordsApplet.AppletAid, context => new PurseRecordsApplet(context), isDefault: true);
        card.PowerOn();
        return applet;
    }
}
