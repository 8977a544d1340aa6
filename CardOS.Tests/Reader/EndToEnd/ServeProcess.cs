using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace CardOS.Tests.Reader.EndToEnd;

/// <summary><c>cardos serve</c> as a child process: its standard input for control lines, its output collected.</summary>
public sealed class ServeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServeProcess(Process process)
    {
        _process = process;
    }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>cardos serve</c> with <paramref name="arguments"/> and waits until pcscd sees the card in slot 0.</summary>
    public static async Task<ServeProcess> StartAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        await PcscEnvironment.WaitForEmptyAsync(PcscEnvironment.Reader0, cancellationToken);
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "CardOS.Cli.dll"));
        info.ArgumentList.Add("serve");
        foreach (string argument in arguments)
            info.ArgumentList.Add(argument);

        var serve = new ServeProcess(new Process { StartInfo = info });
        serve._process.OutputDataReceived += serve.Collect;
        serve._process.ErrorDataReceived += serve.Collect;
        serve._process.Start();
        serve._process.BeginOutputReadLine();
        serve._process.BeginErrorReadLine();
        try
        {
            await PcscEnvironment.WaitForCardAsync(PcscEnvironment.Reader0, cancellationToken, TimeSpan.FromSeconds(30));
        }
        catch (Exception e) when (e is OperationCanceledException or CardOS.Reader.Pcsc.PcscException)
        {
            string output = serve.Output;
            serve.Dispose();
            Assert.Fail($"cardos serve did not bring a card into the reader ({e.Message}):\n{output}");
        }

        return serve;
    }

    public async Task SendLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Sends SIGTERM and waits for the process to end; returns its exit code.</summary>
    public async Task<int> TerminateAsync(CancellationToken cancellationToken)
    {
        ProcessRunner.Run("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(5));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Collect(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is null)
            return;
        lock (_output)
            _output.AppendLine(e.Data);
    }
}
