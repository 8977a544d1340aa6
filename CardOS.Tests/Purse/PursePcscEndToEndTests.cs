using CardOS.Apdu;
using CardOS.Applets.Purse.Terminal;
using CardOS.Reader.Pcsc;
using CardOS.Tests.Reader.EndToEnd;

namespace CardOS.Tests.Purse;

/// <summary>
/// The purse served through the real pcscd and vpcd ("Virtual PCD 00 00"), reached by the relaying client through
/// CardOS's PC/SC channel; the merchant server with its PSAM and ledger on 127.0.0.1. Under CI=true a missing PC/SC
/// stack fails these tests; elsewhere they are skipped.
/// </summary>
[CancelAfter(240_000)]
[NonParallelizable]
public class PursePcscEndToEndTests
{
    [OneTimeSetUp]
    public void RequireStack() => PcscEnvironment.RequireRunning();

    [Test]
    public async Task GoldenPurchase_ThroughPcscd_SameBytesAsInProcess(CancellationToken token)
    {
        var world = new PurseWorld();
        await using ServedCard served = await ServedCard.StartAsync(world.PurseCard, token);
        using SCardContext context = SCardContext.Establish();
        using PcscCardChannel purse = context.Connect(served.Reader);
        world.PsamReader.Transmit("00A4040006F05053414D01");
        string[] steps =
        [
            "P:00A4040007F0505552534501 > 9000",
            "P:80CA000000 > 1234567859990000000000012030123109780200002710000186A0000000000101019000",
            "P:8050000000 > 12345678599900000000000120301231097802000027100000000101F4F9DC6B184A0B909000",
            "S:807000002C12345678599900000000000120301231097802000027100000000101F4F9DC6B184A0B90000000FA2026011500 > 000000FA202601155053410100000001415D7A815463A90C9000",
            "P:8054000018000000FA202601155053410100000001415D7A815463A90C00 > 000026168B31C3973D77040B9000",
            "S:807200001000000001000026168B31C3973D77040B00 > 0000000100000000000000FA9000",
            "P:00B2010C00 > 0100000001000000FA000026162026011550534101000000018B31C3973D77040B9000",
        ];
        foreach (string step in steps)
        {
            ICardChannel channel = step[0] == 'P' ? purse : world.PsamReader;
            string[] parts = step[2..].Split('>');
            Assert.That(channel.Transmit(parts[0].Trim()).ToString(), Is.EqualTo(parts[1].Trim()), step);
        }
    }

    [TestCase(LedgerKind.Sqlite)]
    [TestCase(LedgerKind.PostgreSql)]
    public async Task RelayedPayment_ThroughPcscd_CompletesAndRecords(LedgerKind kind, CancellationToken token)
    {
        using var ledgers = new TestLedgers();
        var world = new PurseWorld();
        await using ServedCard served = await ServedCard.StartAsync(world.PurseCard, token);
        using SCardContext context = SCardContext.Establish();
        using var terminal = new SplitTerminalHarness(ledgers.Create(kind), world, () => context.Connect(served.Reader));
        PaymentResult result = terminal.Pay("alice", 250);
        Assert.That(result.Code, Is.EqualTo(PaymentResultCode.Completed), result.Message);
        Assert.That(terminal.Ledger.GetRecords().Single(), Has.Property(nameof(PaymentRecord.Owner)).EqualTo("alice").And.Property(nameof(PaymentRecord.Amount)).EqualTo(250));
        terminal.AssertConsistent();
    }

    [Test]
    public async Task KilledClient_AtEveryStep_ThroughPcscd_RecoveredConsistently(CancellationToken token)
    {
        using var ledgers = new TestLedgers();
        for (int step = 0; step < 3; step++)
        {
            foreach (Cut cut in Enum.GetValues<Cut>())
            {
                var world = new PurseWorld();
                await using ServedCard served = await ServedCard.StartAsync(world.PurseCard, token);
                using SCardContext context = SCardContext.Establish();

                // A killed client's connection goes away and the card is reset: what a terminal process dying does.
                using var terminal = new SplitTerminalHarness(ledgers.Create(LedgerKind.Sqlite), world, () => context.Connect(served.Reader));
                terminal.PayKilled("carol", 300, step, cut);
                PaymentResult next = terminal.Pay("carol", 0);
                Assert.That(next.Code, Is.EqualTo(PaymentResultCode.Completed), $"step {step} {cut}: {next.Message}");
                terminal.AssertConsistent($"step {step} {cut}");
            }
        }
    }
}
