using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CardOS.Apdu;
using CardOS.Applets.Purse;
using CardOS.Applets.Purse.Commands;
using CardOS.Applets.Purse.Terminal;
using CardOS.Reader.InProcess;
using CardOS.Runtime;
using CardOS.Storage;
using CardOS.Tests.Reader.EndToEnd;

namespace CardOS.Tests.Purse;

/// <summary>
/// Issue 12, item 1: a merchant server with a genuine PSAM that debits another amount than the client announced. The
/// relay client holds the amount the user approved (seed 004) and refuses any other DEBIT before the purse sees it.
/// The old client relayed the DEBIT of 5,000 and reported what the server said.
/// </summary>
[NonParallelizable]
public class DishonestMerchantTests
{
    private const uint Approved = 100;

    [TestCase(5_000u)]
    [TestCase(99u)]
    [TestCase(0u)]
    public void Pay_ServerDebitsAnotherAmount_ClientRefusesAndBalanceUnchanged(uint debited)
    {
        var world = new PurseWorld();
        using var server = new DishonestServer(world.CreateMerchant(new InMemoryPaymentLedger()), debited);
        uint before = world.Purse.Balance;

        PaymentResult result = PurseRelayClient.Pay(IPAddress.Loopback.ToString(), server.Port, world.PurseReader, "alice", Approved);
        PaymentResult serverSide = server.WaitForResult();

        Assert.Multiple(() =>
        {
            Assert.That(result.Code, Is.EqualTo(PaymentResultCode.Refused), result.Message);
            Assert.That(result.Amount, Is.EqualTo(Approved));
            Assert.That(result.Message, Does.Contain($"debit {debited}").And.Contain($"approved is {Approved}").And.Contain("not sent to the purse"));
            Assert.That(world.Purse.Balance, Is.EqualTo(before), "the purse's balance");
            Assert.That(serverSide.Code, Is.EqualTo(PaymentResultCode.Interrupted), "the server saw the card error");
            Assert.That(serverSide.Message, Does.Contain("the client refused the DEBIT"));
        });
        world.PurseReader.SendChecked(new SelectApplicationCommand(PurseApplet.DefaultAid));
        Assert.That(world.PurseReader.SendChecked(new GetPurseDataCommand()).Balance, Is.EqualTo(before), "GET DATA balance");
    }

    [Test]
    [CancelAfter(300_000)]
    public void SampleClient_ServerDebitsAnotherAmount_SaysRefusedExitsOneBalanceUnchanged()
    {
        string dll = PurseTerminalProcessTests.PurseTerminalDll();
        string image = Path.Combine(Path.GetTempPath(), $"cardos-purse-{Guid.NewGuid():N}.img");
        try
        {
            var world = new PurseWorld();
            using var server = new DishonestServer(world.CreateMerchant(new InMemoryPaymentLedger()), 5_000);
            ProcessResult client = ProcessRunner.Run(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
                [dll, "client", "--port", server.Port.ToString(CultureInfo.InvariantCulture), "--purse-image", image, "--amount", "100", "--owner", "alice"],
                TimeSpan.FromMinutes(2));
            server.WaitForResult();
            Assert.Multiple(() =>
            {
                Assert.That(client.ExitCode, Is.EqualTo(1), client.StandardOutput + client.StandardError);
                Assert.That(client.StandardOutput, Does.StartWith("REFUSED: the server asked the purse to debit 5000, but the payment approved is 100"));
                Assert.That(client.StandardOutput, Does.Contain("nothing was debited"));
            });

            using CardImageFile file = CardImageFile.Open(image, 64 * 1024);
            var card = new Card(new CardOptions { EepromCapacity = 64 * 1024 }, file);
            PurseApplet.Install(card, PursePersonalization.ForTestIssuer(initialBalance: 10_000));
            var reader = new InProcessReader(card);
            reader.SendChecked(new SelectApplicationCommand(PurseApplet.DefaultAid));
            Assert.That(reader.SendChecked(new GetPurseDataCommand()).Balance, Is.EqualTo(10_000), "the purse image's balance");
        }
        finally
        {
            File.Delete(image);
        }
    }

    [Test]
    public void Pay_ServerMisreportsAmountAndBalance_ClientReportsWhatThePurseDid()
    {
        var world = new PurseWorld();
        using var server = new DishonestServer(world.CreateMerchant(new InMemoryPaymentLedger()), Approved, r => r with { Amount = 5_000, BalanceAfter = 1 });

        PaymentResult result = PurseRelayClient.Pay(IPAddress.Loopback.ToString(), server.Port, world.PurseReader, "alice", Approved);
        server.WaitForResult();

        Assert.Multiple(() =>
        {
            Assert.That(result.Code, Is.EqualTo(PaymentResultCode.Completed), result.Message);
            Assert.That(result.Amount, Is.EqualTo(Approved), "the amount the client let through");
            Assert.That(result.BalanceAfter, Is.EqualTo(10_000 - Approved), "the purse's own answer to the DEBIT");
            Assert.That(world.Purse.Balance, Is.EqualTo(10_000 - Approved));
        });
    }

    [Test]
    public void Pay_AfterRefusal_HonestSessionVoidsThePsamPendingPurchase()
    {
        var world = new PurseWorld();
        var ledger = new InMemoryPaymentLedger();
        using (var server = new DishonestServer(world.CreateMerchant(ledger), 5_000))
        {
            PurseRelayClient.Pay(IPAddress.Loopback.ToString(), server.Port, world.PurseReader, "alice", Approved);
            server.WaitForResult();
        }

        Assert.That(world.PsamReader.SendChecked(new PsamGetDataCommand()).PendingCount, Is.EqualTo(1), "the PSAM signed and waits");
        using var honest = new SplitTerminalHarness(ledger, world);
        PaymentResult next = honest.Pay("alice", Approved);
        Assert.Multiple(() =>
        {
            Assert.That(next.Code, Is.EqualTo(PaymentResultCode.Completed), next.Message);
            Assert.That(next.Recovered, Is.EqualTo(1), "the refused purchase is resolved");
            Assert.That(next.BalanceAfter, Is.EqualTo(10_000 - Approved));
            Assert.That(ledger.GetRecords().Single(r => r.Amount == 5_000).Status, Is.EqualTo(PaymentStatus.Void));
        });
        honest.AssertConsistent();
    }

    [TestCase("8054000018000000642026011550534101000000010000000000000000", null, Description = "no Le")]
    [TestCase("805400001800000064202601155053410100000001000000000000000000", null, Description = "with Le")]
    [TestCase("815400001800000064202601155053410100000001000000000000000000", null, Description = "logical channel 1")]
    [TestCase("805400001800001388202601155053410100000001000000000000000000", "debit 5000", Description = "debit 5000")]
    [TestCase("815400001800001388202601155053410100000001000000000000000000", "debit 5000", Description = "logical channel 1")]
    [TestCase("005400001800001388202601155053410100000001000000000000000000", "debit 5000", Description = "interindustry class")]
    [TestCase("E05400001800001388202601155053410100000001000000000000000000", "debit 5000", Description = "another class")]
    [TestCase("8054000017000000642026011550534101000000010000000000000000", "malformed", Description = "23 bytes")]
    [TestCase("80540000190000006420260115505341010000000100000000000000000000", "malformed", Description = "25 bytes")]
    [TestCase("905400001800000064202601155053410100000001000000000000000000", "malformed", Description = "chained")]
    [TestCase("80540000000018000000642026011550534101000000010000000000000000", null, Description = "extended")]
    [TestCase("8054", "malformed", Description = "header only")]
    [TestCase("805400001800", "malformed", Description = "Lc without data")]
    public void CheckDebit_EveryShape_OnlyTheApprovedAmountPasses(string command, string? reason)
    {
        string? refusal = PurseRelayClient.CheckDebit(Hex.Decode(command), Approved, alreadyDebited: false);
        if (reason is null)
            Assert.That(refusal, Is.Null);
        else
            Assert.That(refusal, Does.Contain(reason));
    }

    [Test]
    public void CheckDebit_SecondDebitInOnePayment_Refused()
    {
        byte[] debit = Hex.Decode("805400001800000064202601155053410100000001000000000000000000");
        Assert.That(PurseRelayClient.CheckDebit(debit, Approved, alreadyDebited: false), Is.Null);
        Assert.That(PurseRelayClient.CheckDebit(debit, Approved, alreadyDebited: true), Does.Contain("second DEBIT"));
    }

    /// <summary>A merchant server that runs the genuine purchase protocol (real PSAM, real service) for another amount than the client announced.</summary>
    private sealed class DishonestServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Task<PaymentResult> _session;

        public DishonestServer(MerchantService service, uint debit, Func<PaymentResult, PaymentResult>? report = null)
        {
            service.Start();
            _listener.Start();
            _session = Task.Run(() =>
            {
                using TcpClient client = _listener.AcceptTcpClient();
                NetworkStream stream = client.GetStream();
                (byte Type, byte[] Payload)? hello = TerminalFrame.Read(stream);
                Assert.That(hello?.Type, Is.EqualTo(TerminalFrame.Hello));
                Assert.That(BinaryPrimitives.ReadUInt32BigEndian(hello!.Value.Payload), Is.EqualTo(Approved), "the client announced its amount");
                PaymentResult result = service.Pay(new RelayedCardChannel(stream), Encoding.UTF8.GetString(hello.Value.Payload.AsSpan(4)), debit);
                try
                {
                    TerminalFrame.Write(stream, TerminalFrame.Result, PurseRelayClient.EncodeResult(report?.Invoke(result) ?? result with { Amount = Approved }));
                }
                catch (IOException)
                {
                    // The refusing client has closed the connection.
                }

                return result;
            });
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public PaymentResult WaitForResult() => _session.GetAwaiter().GetResult();

        public void Dispose()
        {
            _listener.Stop();
            _listener.Dispose();
        }
    }
}
