using System.Diagnostics;
using CardOS.Apdu;
using CardOS.Applets.Purse;
using CardOS.Applets.Purse.Commands;
using CardOS.Applets.Purse.Terminal;
using CardOS.Reader.Pcsc;
using CardOS.Tests.Reader.EndToEnd;

namespace CardOS.Tests.Purse;

/// <summary>
/// The sample client (samples/PurseTerminal) as a real process reaching the purse through pcscd, killed with SIGKILL at
/// protocol steps of the merchant server: after SELECT, after INITIALIZE FOR PURCHASE (the PSAM is about to sign), after
/// the DEBIT (the PSAM is about to count). A second client process then pays again and the purchase is recovered.
/// </summary>
[CancelAfter(300_000)]
[NonParallelizable]
public class PurseTerminalProcessTests
{
    [OneTimeSetUp]
    public void RequireStack() => PcscEnvironment.RequireRunning();

    [TestCase(PurseInstructions.GetData, Description = "killed after SELECT, before INITIALIZE FOR PURCHASE")]
    [TestCase(PurseInstructions.PsamInitializePurchase, Description = "killed after INITIALIZE FOR PURCHASE, before the DEBIT")]
    [TestCase(PurseInstructions.PsamCompletePurchase, Description = "killed after the DEBIT, before the result")]
    public async Task KilledClientProcess_AtProtocolStep_RecoveredByTheNextPayment(byte psamInstruction, CancellationToken token)
    {
        string client = PurseTerminalDll();
        var world = new PurseWorld();
        await using ServedCard served = await ServedCard.StartAsync(world.PurseCard, token);
        var ledger = new InMemoryPaymentLedger();
        var killer = new KillingPsamChannel(world.PsamReader, psamInstruction);
        var service = new MerchantService(killer, ledger, FixedTime.Default);
        service.Start();
        using var server = new MerchantServer(service, clientTimeout: TimeSpan.FromSeconds(20));
        server.Start();

        killer.Arm(() => StartClient(client, server.Port, served.Reader, 300));
        Process process = killer.Victim!;
        Task<string> said = process.StandardOutput.ReadToEndAsync(token);
        Task<string> errors = process.StandardError.ReadToEndAsync(token);
        await process.WaitForExitAsync(token);
        Assert.That(killer.Killed, Is.True, $"the client was killed at the step; it said: {await said} {await errors}");
        process.Dispose();

        server.WaitForSessions();
        using (Process again = StartClient(client, server.Port, served.Reader, 0))
        {
            string output = await again.StandardOutput.ReadToEndAsync(token);
            await again.WaitForExitAsync(token);
            Assert.That(again.ExitCode, Is.Zero, output);
        }

        server.WaitForSessions();
        using SCardContext context = SCardContext.Establish();
        using PcscCardChannel purse = context.Connect(served.Reader);
        purse.SendChecked(new SelectApplicationCommand(PurseApplet.DefaultAid));
        uint decrease = 10_000 - purse.SendChecked(new GetPurseDataCommand()).Balance;
        Assert.Multiple(() =>
        {
            Assert.That(decrease, Is.EqualTo(psamInstruction == PurseInstructions.PsamCompletePurchase ? 300u : 0u), "the purse debited exactly when the DEBIT reached it");
            Assert.That(world.Psam.Total, Is.EqualTo((ulong)decrease), "PSAM total = purse decrease");
            Assert.That(ledger.GetRecords().Where(r => r.Status == PaymentStatus.Completed).Sum(r => r.Amount), Is.EqualTo(decrease), "ledger = purse decrease");
            Assert.That(ledger.GetRecords().Where(r => r.Status == PaymentStatus.Pending), Is.Empty, "nothing pending");
        });
    }

    private static Process StartClient(string dll, int port, string reader, uint amount)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { dll, "client", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--reader", reader,
                     "--amount", amount.ToString(System.Globalization.CultureInfo.InvariantCulture), "--owner", "process" })
            info.ArgumentList.Add(argument);
        return Process.Start(info)!;
    }

    /// <summary>The sample's build output; built here when a test run did not build the whole solution.</summary>
    internal static string PurseTerminalDll()
    {
        string root = PcscEnvironment.RepositoryRoot;
        string dll = Path.Combine(root, "samples", "PurseTerminal", "bin", "Release", "net10.0", "PurseTerminal.dll");
        if (!File.Exists(dll))
        {
            ProcessResult build = ProcessRunner.Run("dotnet", ["build", Path.Combine(root, "samples", "PurseTerminal"), "-c", "Release"], TimeSpan.FromMinutes(8));
            Assert.That(build.ExitCode, Is.Zero, build.StandardOutput + build.StandardError);
        }

        return dll;
    }

    /// <summary>The PSAM's channel; at the first command with the armed INS it kills the client process (SIGKILL) first.</summary>
    private sealed class KillingPsamChannel(ICardChannel inner, byte instruction) : ICardChannel
    {
        private readonly Lock _lock = new();
        private Process? _victim;
        private bool _killed;

        /// <summary>Read under the lock, so a reader that saw the victim exit also sees that the kill was ours.</summary>
        public bool Killed
        {
            get
            {
                lock (_lock)
                    return _killed;
            }
        }

        public Process? Victim => _victim;

        /// <summary>Starts the victim under the lock, so the server cannot reach the step before the victim is known.</summary>
        public void Arm(Func<Process> start)
        {
            lock (_lock)
                _victim = start();
        }

        public int Transmit(ReadOnlySpan<byte> command, Span<byte> response)
        {
            lock (_lock)
            {
                if (_victim is not null && !_killed && command.Length > 1 && command[1] == instruction)
                {
                    // Marked before the kill: the test thread wakes when the victim exits and must not read a stale flag.
                    _killed = true;
                    _victim.Kill();
                    _victim.WaitForExit();
                }
            }

            return inner.Transmit(command, response);
        }
    }
}
