using System.Buffers.Binary;
using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using CardOS.Cli.Commands;
using CardOS.Cli.Hosting;
using CardOS.Reader.Vpcd;
using CardOS.Runtime;

namespace CardOS.Tests.Cli;

/// <summary>
/// <c>cardos serve</c>: its argument checks, which answer before any link to vpcd is made; what it says while vpcd is
/// out of reach and when it gives up; its trace of a session with a test-made vpcd. Every port here is one the test
/// holds bound itself (never a probed one), so no test touches pcscd or the vpcd ports.
/// </summary>
public class ServeCommandTests
{
    [Test]
    public async Task RunAsync_TraceFileInAMissingDirectory_ExitsTwoNamingIt()
    {
        string path = Path.Combine(Path.GetTempPath(), $"cardos-no-such-dir-{Guid.NewGuid():N}", "session.apdu");
        var error = new StringWriter();

        int exit = await ServeCommand.RunAsync(Settings(trace: path), TextReader.Null, TextWriter.Null, error, CancellationToken.None);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error.ToString(), Does.Contain($"cardos serve: cannot write the trace to {path}"));
    }

    [Test]
    public async Task RunAsync_UnknownProfileWithATraceFile_ExitsTwoAndLeavesAnEmptyTrace()
    {
        string path = Path.GetTempFileName();
        try
        {
            var error = new StringWriter();

            int exit = await ServeCommand.RunAsync(Settings(trace: path, card: "no-such-card"), TextReader.Null, TextWriter.Null, error, CancellationToken.None);

            Assert.That(exit, Is.EqualTo(2));
            Assert.That(error.ToString(), Does.Contain("unknown card profile 'no-such-card'"));
            Assert.That(await File.ReadAllTextAsync(path), Is.Empty, "the trace file was closed with nothing in it");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestCase("serve --trace", null)]
    [TestCase("serve --trace session.apdu --card iso-fs", "session.apdu")]
    [TestCase("serve --card iso-fs --trace", null)]
    public void Parse_TraceWithOrWithoutAFile_IsAcceptedAndKeepsTheFile(string line, string? file)
    {
        Command serve = ServeCommand.Create();

        ParseResult parse = serve.Parse(line.Split(' ')[1..]);

        Assert.That(parse.Errors, Is.Empty);
        Assert.That(parse.GetResult(serve.Options.Single(option => option.Name == "--trace")), Is.Not.Null, "--trace was given");
        Assert.That(parse.GetValue<string?>("--trace"), Is.EqualTo(file));
    }

    [Test]
    public async Task RunAsync_NothingListensOnThePort_SaysConnectionRefusedRetriesAndExitsThreeAtTheTimeout()
    {
        // A socket bound but not listening: every connection to its port is refused, and no one else can take the port.
        using var held = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        held.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)held.LocalEndPoint!).Port;
        var output = new StringWriter();
        var error = new StringWriter();

        int exit = await ServeCommand.RunAsync(Settings(trace: null, port: port) with { ConnectTimeout = TimeSpan.FromSeconds(1) }, TextReader.Null, output, error, CancellationToken.None);

        Assert.That(exit, Is.EqualTo(ExitCode.Environment));
        Assert.That(output.ToString(), Does.Contain($"connecting to vpcd at 127.0.0.1:{port}"));
        Assert.That(output.ToString(), Does.Contain("giving up after 1 s"));
        Assert.That(output.ToString(), Does.Contain($"slot 0: connection refused to vpcd at 127.0.0.1:{port}: is pcscd with vsmartcard-vpcd running, with a reader on this port? (retrying, attempt 1)"));
        Assert.That(error.ToString(), Is.EqualTo($"cardos serve: slot 0: no link to vpcd after 1 s: connection refused to vpcd at 127.0.0.1:{port}: is pcscd with vsmartcard-vpcd running, with a reader on this port?{Environment.NewLine}"));
    }

    [Test]
    public async Task RunAsync_ReversedOnAPortInUse_SaysSoAndExitsThreeAtTheTimeout()
    {
        using var held = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        held.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        held.Listen(1);
        int port = ((IPEndPoint)held.LocalEndPoint!).Port;
        var output = new StringWriter();
        var error = new StringWriter();

        int exit = await ServeCommand.RunAsync(Settings(trace: null, port: port) with { Reversed = true, ConnectTimeout = TimeSpan.FromSeconds(1) }, TextReader.Null, output, error, CancellationToken.None);

        Assert.That(exit, Is.EqualTo(ExitCode.Environment));
        Assert.That(output.ToString(), Does.Contain($"listening on 127.0.0.1:{port} for vpcd to connect"));
        Assert.That(output.ToString(), Does.Contain($"slot 0: cannot listen on 127.0.0.1:{port}: the address is already in use"));
        Assert.That(error.ToString(), Does.StartWith($"cardos serve: slot 0: no link to vpcd after 1 s: cannot listen on 127.0.0.1:{port}: the address is already in use"));
    }

    [Test]
    public async Task RunAsync_NoTimeout_SaysItWaitsForeverAndKeepsRetryingUntilStopped()
    {
        using var held = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        held.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)held.LocalEndPoint!).Port;
        var output = new SignallingWriter("(retrying, attempt 20)");
        using var stop = new CancellationTokenSource();

        Task<int> serving = ServeCommand.RunAsync(Settings(trace: null, port: port), TextReader.Null, output, TextWriter.Null, stop.Token);
        await output.Seen.WaitAsync(TimeSpan.FromMinutes(2));
        await stop.CancelAsync();

        Assert.That(await serving, Is.EqualTo(ExitCode.Success));
        Assert.That(output.ToString(), Does.Contain("as long as it takes (--connect-timeout SECONDS gives up)"));
        Assert.That(output.ToString(), Does.Contain("(retrying, attempt 1)"));
        Assert.That(output.ToString(), Does.Not.Contain("(retrying, attempt 2)"), "the same failure is said once, then every 20th attempt");
    }

    [TestCase(false, "apdu 0020008104********; expect 9000; // slot 0: CLA 00 INS 20 (VERIFY) P1 00 P2 81 Lc 4 (secret data masked) -> 9000 (success)")]
    [TestCase(true, "apdu 002000810431323334; expect 9000; // slot 0: CLA 00 INS 20 (VERIFY) P1 00 P2 81 Lc 4 -> 9000 (success)")]
    public async Task RunAsync_TraceOfAVerify_MasksThePinUnlessTraceSecrets(bool traceSecrets, string expected)
    {
        // The test plays vpcd: it listens, serve connects, and the test powers the card and sends SELECT and VERIFY.
        using var vpcd = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        vpcd.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        vpcd.Listen(1);
        int port = ((IPEndPoint)vpcd.LocalEndPoint!).Port;
        string path = Path.GetTempFileName();
        using var stop = new CancellationTokenSource();
        try
        {
            ServeSettings settings = Settings(trace: path, card: "iso-fs", port: port) with { TraceSecrets = traceSecrets };
            Task<int> serving = ServeCommand.RunAsync(settings, TextReader.Null, TextWriter.Null, TextWriter.Null, stop.Token);
            using (Socket link = await vpcd.AcceptAsync())
            {
                await SendAsync(link, [1]);
                Assert.That(await ExchangeAsync(link, "00A4040C09F0434152444F534653"), Is.EqualTo("9000"));
                Assert.That(await ExchangeAsync(link, "002000810431323334"), Is.EqualTo("9000"));
            }

            await stop.CancelAsync();
            Assert.That(await serving, Is.EqualTo(ExitCode.Success));
            string[] trace = await File.ReadAllLinesAsync(path);
            Assert.That(trace.Single(line => line.Contains("VERIFY", StringComparison.Ordinal)), Does.StartWith(expected));
            Assert.That(string.Join('\n', trace).Contains("31323334", StringComparison.Ordinal), Is.EqualTo(traceSecrets));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestCase("remove")]
    [TestCase("cycle 1")]
    public void Control_RemoveInReversedMode_IsRefusedAndTheCardStays(string line)
    {
        var side = new VpcdCardSide([new Card(), new Card()], new VpcdOptions { Mode = VpcdMode.Reversed, Port = 35999 });
        using var stop = new CancellationTokenSource();

        string reply = ServeCommand.Control(side, line, stop);

        Assert.That(reply, Does.StartWith($"error: {line.Split(' ')[0]} is not available: in reversed mode the link cannot close while pcscd runs"));
        Assert.That(side.Slots.All(slot => slot.IsInserted), Is.True);
        Assert.That(ServeCommand.Control(side, "help", stop), Does.StartWith("commands: status, quit (remove and cycle are not available in reversed mode"));
    }

    [Test]
    public async Task RunAsync_ReversedWithOneCard_ServesTheDriversSecondSlotWithABlankCard()
    {
        // Two consecutive ports this test holds itself (listening): serve's slots find them in use, and say which.
        (Socket first, Socket second) = HoldTwoConsecutivePorts();
        using (first)
        using (second)
        {
            int port = ((IPEndPoint)first.LocalEndPoint!).Port;
            var output = new StringWriter();

            int exit = await ServeCommand.RunAsync(Settings(trace: null, port: port) with { Reversed = true, ConnectTimeout = TimeSpan.FromSeconds(1) }, TextReader.Null, output, TextWriter.Null, CancellationToken.None);

            Assert.That(exit, Is.EqualTo(ExitCode.Environment));
            string text = output.ToString();
            Assert.That(text, Does.Contain("slot 1: a blank card too: in reversed mode vsmartcard-vpcd connects to all 2 of its slots"));
            Assert.That(text, Does.Contain($"slot 1: blank card in reader 'Virtual PCD 00 01', listening on 127.0.0.1:{port + 1} for vpcd to connect"));
            Assert.That(text, Does.Contain("reversed mode: start (or restart) pcscd now"));
        }
    }

    [TestCase("serve --connect-timeout 5 --trace-secrets --trace t.apdu")]
    public void Parse_ConnectTimeoutAndTraceSecrets_AreAccepted(string line)
    {
        Command serve = ServeCommand.Create();

        ParseResult parse = serve.Parse(line.Split(' ')[1..]);

        Assert.That(parse.Errors, Is.Empty);
        Assert.That(parse.GetValue<int?>("--connect-timeout"), Is.EqualTo(5));
        Assert.That(parse.GetValue<bool>("--trace-secrets"), Is.True);
    }

    private static (Socket First, Socket Second) HoldTwoConsecutivePorts()
    {
        while (true)
        {
            var first = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            first.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            first.Listen(1);
            int port = ((IPEndPoint)first.LocalEndPoint!).Port;
            var second = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                second.Bind(new IPEndPoint(IPAddress.Loopback, port + 1));
                second.Listen(1);
                return (first, second);
            }
            catch (SocketException)
            {
                // Taken by someone else: hold another pair.
                second.Dispose();
                first.Dispose();
            }
        }
    }

    private static async Task SendAsync(Socket link, byte[] payload)
    {
        var frame = new byte[2 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)payload.Length);
        payload.CopyTo(frame, 2);
        await link.SendAsync(frame);
    }

    private static async Task<string> ExchangeAsync(Socket link, string command)
    {
        await SendAsync(link, Convert.FromHexString(command));
        byte[] header = await ReceiveAsync(link, 2);
        return Convert.ToHexString(await ReceiveAsync(link, BinaryPrimitives.ReadUInt16BigEndian(header)));
    }

    private static async Task<byte[]> ReceiveAsync(Socket link, int length)
    {
        var buffer = new byte[length];
        int received = 0;
        while (received < length)
        {
            int count = await link.ReceiveAsync(buffer.AsMemory(received));
            if (count == 0)
                throw new IOException("serve closed the link");
            received += count;
        }

        return buffer;
    }

    private static ServeSettings Settings(string? trace, string card = "diagnostic", int port = 35999) =>
        new([card], [], Port: port, Host: "127.0.0.1", Reversed: false, Trace: trace);

    /// <summary>Output that completes <see cref="Seen"/> when a line containing the awaited text is written.</summary>
    private sealed class SignallingWriter(string awaited) : StringWriter
    {
        private readonly TaskCompletionSource _seen = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Seen => _seen.Task;

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value is not null && value.Contains(awaited, StringComparison.Ordinal))
                _seen.TrySetResult();
        }
    }
}
