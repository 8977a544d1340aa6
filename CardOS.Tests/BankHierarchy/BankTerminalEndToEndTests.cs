using System.Globalization;
using CardOS.Applets.BankHierarchy;
using CardOS.Tests.Reader.EndToEnd;

namespace CardOS.Tests.BankHierarchy;

/// <summary>
/// Done-when 4: <c>cardos serve</c> puts ALICE and BOB (the bank-user and bank-user2 test cards) in the two vpcd slots,
/// samples/BankTerminal moves money between them through the real pcscd, and pyscard, a PC/SC client nobody here wrote,
/// reads both balances back.
/// </summary>
[CancelAfter(120_000)]
[NonParallelizable]
public class BankTerminalEndToEndTests
{
    [OneTimeSetUp]
    public void RequireStack()
    {
        PcscEnvironment.RequireRunning();
        PcscEnvironment.RequirePyscard();
    }

    [Test]
    public async Task BankTerminal_PaysBetweenTwoVpcdSlots_PyscardReadsTheBalances(CancellationToken token)
    {
        using ServeProcess serve = await ServeProcess.StartAsync(token, "--card", "bank-user", "--card", "bank-user2");
        await PcscEnvironment.WaitForCardAsync(PcscEnvironment.Reader1, token, TimeSpan.FromSeconds(30));

        ProcessResult small = Terminal("pay", PcscEnvironment.Reader0, PcscEnvironment.Reader1, "100");
        Assert.That(small.ExitCode, Is.Zero, small.StandardOutput + small.StandardError);
        ProcessResult refused = Terminal("pay", PcscEnvironment.Reader0, PcscEnvironment.Reader1, "150");
        Assert.That(refused.ExitCode, Is.EqualTo(1), "150 > MIN_TRANS without the PIN");
        Assert.That(refused.StandardOutput, Does.Contain("BeginPayer: 6982"));
        ProcessResult withPin = Terminal("pay", PcscEnvironment.Reader0, PcscEnvironment.Reader1, "150", "--pin", BankTestKeys.Pin);
        Assert.That(withPin.ExitCode, Is.Zero, withPin.StandardOutput + withPin.StandardError);
        Assert.That(withPin.StandardOutput, Does.Contain("payer balance 750, payee balance 1250"));

        // pyscard: SELECT, GET CARD STATUS (balance at bytes 29-32), READ BINARY BALANCE.
        Assert.That(ReadWithPyscard(PcscEnvironment.Reader0), Is.EqualTo((750u, 750u)));
        Assert.That(ReadWithPyscard(PcscEnvironment.Reader1), Is.EqualTo((1250u, 1250u)));
        Assert.That(await serve.TerminateAsync(token), Is.Zero, serve.Output);
    }

    private static ProcessResult Terminal(params string[] arguments)
    {
        string dll = Path.Combine(TestContext.CurrentContext.TestDirectory, "BankTerminal.dll");
        return ProcessRunner.Run(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [dll, .. arguments], TimeSpan.FromSeconds(60));
    }

    private static (uint Status, uint Balance) ReadWithPyscard(string reader)
    {
        string script = Path.Combine(PcscEnvironment.RepositoryRoot, "CardOS.Tests", "Reader", "EndToEnd", "pyscard_transmit.py");
        ProcessResult result = ProcessRunner.Run(PcscEnvironment.Python, [script, reader], TimeSpan.FromSeconds(60), "00A4040C07F0000668579001\n8030000000\n00B0820018\n");
        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        string[] lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.That(lines, Has.Length.EqualTo(3));
        Assert.That(lines[0], Is.EqualTo("9000"));
        byte[] status = Convert.FromHexString(lines[1]);
        byte[] balance = Convert.FromHexString(lines[2]);
        Assert.That((status.Length, balance.Length), Is.EqualTo((36, 26)));
        Assert.That(BankBalance.TryDecodeAmount(balance, out uint amount));
        return (uint.Parse(lines[1].AsSpan(58, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture), amount);
    }
}
