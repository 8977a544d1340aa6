using CardOS.Apdu;
using CardOS.Applets.Purse;
using CardOS.Applets.Purse.Commands;
using CardOS.Applets.Purse.Terminal;
using CardOS.Reader.InProcess;
using CardOS.Runtime;

namespace CardOS.Tests.Purse;

/// <summary>
/// A purse card, a PSAM card and a load-module card of the test issuer, each in its own in-process reader, with seeded
/// randomness and the clock at 2026-01-15.
/// </summary>
public sealed class PurseWorld
{
    public const string Today = "20260115";

    public PurseWorld(uint initialBalance = 10_000, uint maximumBalance = 100_000, int seed = 1, uint initialCounter = 0)
    {
        PurseCard = new Card(new CardOptions { RandomSeed = seed, TimeProvider = FixedTime.Default });
        Purse = PurseApplet.Install(PurseCard, PursePersonalization.ForTestIssuer(initialBalance: initialBalance, maximumBalance: maximumBalance) with { InitialCounter = initialCounter });
        PurseReader = new InProcessReader(PurseCard);

        PsamCard = new Card(new CardOptions { RandomSeed = seed + 1, TimeProvider = FixedTime.Default });
        Psam = PsamApplet.Install(PsamCard, PsamPersonalization.ForTestIssuer());
        PsamReader = new InProcessReader(PsamCard);

        LoadModuleCard = new Card(new CardOptions { RandomSeed = seed + 2, TimeProvider = FixedTime.Default });
        LoadModule = LoadModuleApplet.Install(LoadModuleCard, LoadModulePersonalization.ForTestIssuer());
        LoadModuleReader = new InProcessReader(LoadModuleCard);
    }

    public Card PurseCard { get; }

    public PurseApplet Purse { get; }

    public InProcessReader PurseReader { get; }

    public Card PsamCard { get; }

    public PsamApplet Psam { get; }

    public InProcessReader PsamReader { get; }

    public Card LoadModuleCard { get; }

    public LoadModuleApplet LoadModule { get; }

    public InProcessReader LoadModuleReader { get; }

    public MerchantService CreateMerchant(IPaymentLedger? ledger = null)
    {
        var service = new MerchantService(PsamReader, ledger ?? new InMemoryPaymentLedger(), FixedTime.Default);
        service.Start();
        return service;
    }

    public PurseLoader CreateLoader() => new(PurseReader, LoadModuleReader, FixedTime.Default);

    public void SelectAll()
    {
        PurseReader.SendChecked(new SelectApplicationCommand(PurseApplet.DefaultAid));
        PsamReader.SendChecked(new SelectApplicationCommand(PsamApplet.DefaultAid));
        LoadModuleReader.SendChecked(new SelectApplicationCommand(LoadModuleApplet.DefaultAid));
    }

    /// <summary>The purse's log, newest first, read through READ RECORD.</summary>
    public List<PurseLogEntry> ReadLog()
    {
        PurseReader.SendChecked(new SelectApplicationCommand(PurseApplet.DefaultAid));
        var entries = new List<PurseLogEntry>();
        for (int record = 1; record <= PurseApplet.LogCapacity; record++)
        {
            ReadLogRecordResponse response = PurseReader.Send(new ReadLogRecordCommand(record));
            if (!response.IsSuccess)
                break;
            entries.Add(response.Entry);
        }

        return entries;
    }

    /// <summary>Runs a script: each step "P|S|L: command &gt; response" in hex, on the purse, PSAM or load-module reader.</summary>
    public void Run(params string[] steps)
    {
        foreach (string step in steps)
        {
            InProcessReader reader = step[0] switch
            {
                'P' => PurseReader,
                'S' => PsamReader,
                'L' => LoadModuleReader,
                _ => throw new ArgumentException($"A step starts with P, S or L: {step}"),
            };
            string[] parts = step[2..].Split('>');
            string actual = reader.Transmit(Hex.Decode(parts[0])).ToString();
            Assert.That(actual, Is.EqualTo(Hex.Encode(Hex.Decode(parts[1].Trim()))), $"step: {step}");
        }
    }
}
