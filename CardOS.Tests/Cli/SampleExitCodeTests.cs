using System.Net;
using System.Net.Sockets;
using BankTerminal;
using CardOS.Apdu;
using CardOS.Reader.Pcsc;
using CardOS.Tests.Reader.EndToEnd;

namespace CardOS.Tests.Cli;

/// <summary>
/// The samples' exit codes follow cardos's (0 done, 1 refused by a card, 2 usage or input error, 3 environment); these
/// paths need no pcscd.
/// </summary>
public class SampleExitCodeTests
{
    [Test]
    public void BankTerminal_ACardRefusal_IsOneNotTwo()
    {
        // SELECT answered 6A82 (the reader holds another card): ThrowIfFailed's IsoException used to exit 2.
        Assert.That(TerminalExitCode.For(new IsoException(new StatusWord(0x6A82))), Is.EqualTo(1));
        Assert.That(TerminalExitCode.For(new UnknownReaderException(SCardError.UnknownReader)), Is.EqualTo(2));
        Assert.That(TerminalExitCode.For(new NoServiceException()), Is.EqualTo(3));
        Assert.That(TerminalExitCode.For(new RemovedCardException(SCardError.RemovedCard)), Is.EqualTo(3));
        Assert.That(TerminalExitCode.For(new FormatException()), Is.EqualTo(2));
    }

    [Test]
    public void BankTerminal_NoArguments_ExitsTwoWithTheUsageNamingEveryCode()
    {
        ProcessResult result = Run(Path.Combine(TestContext.CurrentContext.TestDirectory, "BankTerminal.dll"));

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.StandardError, Does.Contain("0 done, 1 refused by a card, 2 usage error").And.Contain("3 PC/SC unavailable"));
    }

    [Test]
    public void PurseTerminal_ServerUnreachable_ExitsThreeInOneLine()
    {
        using var held = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        held.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        string port = ((IPEndPoint)held.LocalEndPoint!).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string image = Path.Combine(Path.GetTempPath(), $"cardos-purse-{Guid.NewGuid():N}.img");
        try
        {
            ProcessResult result = Run(PurseTerminalDll(), "client", "--port", port, "--purse-image", image);

            Assert.That(result.ExitCode, Is.EqualTo(3), result.StandardOutput + result.StandardError);
            Assert.That(result.StandardError.Trim(), Does.StartWith("PurseTerminal: ").And.Not.Contain("\n").And.Not.Contain("   at "));
        }
        finally
        {
            File.Delete(image);
        }
    }

    [Test]
    public void PurseTerminal_AmountNotANumber_ExitsTwoInOneLine()
    {
        string image = Path.Combine(Path.GetTempPath(), $"cardos-purse-{Guid.NewGuid():N}.img");
        try
        {
            ProcessResult result = Run(PurseTerminalDll(), "client", "--amount", "lots", "--purse-image", image);

            Assert.That(result.ExitCode, Is.EqualTo(2), result.StandardOutput + result.StandardError);
            Assert.That(result.StandardError.Trim(), Does.StartWith("PurseTerminal: ").And.Not.Contain("\n"));
        }
        finally
        {
            File.Delete(image);
        }
    }

    private static ProcessResult Run(string dll, params string[] arguments) =>
        ProcessRunner.Run(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [dll, .. arguments], TimeSpan.FromMinutes(1));

    private static string PurseTerminalDll()
    {
        string dll = Path.Combine(PcscEnvironment.RepositoryRoot, "samples", "PurseTerminal", "bin", "Release", "net10.0", "PurseTerminal.dll");
        Assert.That(File.Exists(dll), Is.True, $"build the solution first: {dll}");
        return dll;
    }
}
