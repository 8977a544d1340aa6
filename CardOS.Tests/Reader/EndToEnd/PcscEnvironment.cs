using System.Diagnostics;
using CardOS.Reader.Pcsc;

namespace CardOS.Tests.Reader.EndToEnd;

/// <summary>
/// The real PC/SC stack on this machine: pcscd with the vsmartcard vpcd driver (readers "Virtual PCD 00 00" and
/// "Virtual PCD 00 01" on ports 35963 and 35964) and PC/SC clients nobody here wrote. Under CI=true anything missing
/// fails the test; elsewhere the test is ignored with the reason.
/// </summary>
public static class PcscEnvironment
{
    public const string Reader0 = "Virtual PCD 00 00";
    public const string Reader1 = "Virtual PCD 00 01";
    public const int Port0 = 35963;
    public const string Python = "/usr/bin/python3";

    private const string Pcscd = "/usr/sbin/pcscd";
    private const string VpcdDriver = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so";
    private const string PidFile = "/run/pcscd/pcscd.pid";

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Fails (in CI) or ignores (elsewhere) the test when <paramref name="available"/> is false.</summary>
    public static void Require(bool available, string what)
    {
        if (available)
            return;
        string message = $"The end-to-end PC/SC test needs {what}; scripts/install-deps.sh installs it.";
        if (InCi)
            Assert.Fail(message + " Under CI=true a missing PC/SC stack is a failure.");
        Assert.Ignore(message);
    }

    /// <summary>Checks pcscd, vpcd and libpcsclite, starts pcscd if it is not running, and waits for the vpcd readers.</summary>
    public static void RequireRunning()
    {
        Require(OperatingSystem.IsLinux(), "Linux (pcsc-lite)");
        Require(File.Exists(Pcscd), "pcscd (package pcscd)");
        Require(File.Exists(VpcdDriver), "the vpcd driver (package vsmartcard-vpcd)");
        Require(NativeLibraryPresent(), "libpcsclite.so.1 (package libpcsclite1)");
        if (!IsServiceUp())
            StartPcscd();
        WaitForReader(Reader0, TimeSpan.FromSeconds(15));
    }

    /// <summary>Requires an external tool on the PATH (or at an absolute path).</summary>
    public static void RequireTool(string tool, string package) => Require(ToolExists(tool), $"{tool} (package {package})");

    /// <summary>Requires pyscard for /usr/bin/python3.</summary>
    public static void RequirePyscard()
    {
        Require(File.Exists(Python), Python);
        ProcessResult result = ProcessRunner.Run(Python, ["-c", "import smartcard"], TimeSpan.FromSeconds(20));
        Require(result.ExitCode == 0, "pyscard for /usr/bin/python3 (package python3-pyscard)");
    }

    /// <summary>Stops pcscd (SIGTERM to the pid in its pid file), starts it again and waits for the vpcd readers.</summary>
    public static void RestartPcscd()
    {
        int? before = ReadPid();
        if (before is int pid)
        {
            ProcessRunner.Run("kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(5));
            var deadline = Stopwatch.StartNew();
            while (Directory.Exists($"/proc/{pid}") && deadline.Elapsed < TimeSpan.FromSeconds(10))
                Thread.Sleep(20);
        }

        StartPcscd();
        WaitForReader(Reader0, TimeSpan.FromSeconds(15));
        Assert.That(ReadPid(), Is.Not.Null.And.Not.EqualTo(before), "pcscd was restarted");
    }

    /// <summary>Waits until no card is in <paramref name="reader"/>, so that a test sees its own card.</summary>
    public static async Task WaitForEmptyAsync(string reader, CancellationToken cancellationToken)
    {
        using SCardContext context = SCardContext.Establish();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await context.WaitForCardRemovalAsync(reader, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"A card stays in '{reader}': another card side (a running 'cardos serve'?) holds the slot.");
        }
    }

    /// <summary>Waits until a card answers in <paramref name="reader"/>; returns its ATR.</summary>
    public static async Task<byte[]> WaitForCardAsync(string reader, CancellationToken cancellationToken, TimeSpan? within = null)
    {
        using SCardContext context = SCardContext.Establish();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(within ?? TimeSpan.FromSeconds(10));
        return await context.WaitForCardAsync(reader, timeout.Token);
    }

    /// <summary>The repository's root (the folder with CardOS.sln).</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (DirectoryInfo? dir = new(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "CardOS.sln")))
                    return dir.FullName;
            }

            throw new InvalidOperationException("CardOS.sln not found above the test directory.");
        }
    }

    /// <summary>pcscd's pid from its pid file ("1234\n\0"), or null.</summary>
    private static int? ReadPid()
    {
        if (!File.Exists(PidFile))
            return null;
        string text = File.ReadAllText(PidFile).Trim('\0', '\n', '\r', ' ');
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pid) ? pid : null;
    }

    private static bool ToolExists(string tool)
    {
        if (Path.IsPathRooted(tool))
            return File.Exists(tool);
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            if (dir.Length > 0 && File.Exists(Path.Combine(dir, tool)))
                return true;
        }

        return false;
    }

    private static bool NativeLibraryPresent()
    {
        try
        {
            using SCardContext context = SCardContext.Establish();
            return true;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (PcscException)
        {
            return true;
        }
    }

    private static bool IsServiceUp()
    {
        try
        {
            using SCardContext context = SCardContext.Establish();
            return true;
        }
        catch (PcscException)
        {
            return false;
        }
    }

    private static void StartPcscd()
    {
        // pcscd daemonizes: the launcher exits at once and the daemon outlives the tests, as the suite expects. Its
        // standard streams go to /dev/null, not to pipes that close with the test run (it would die writing to them).
        // Descriptors 3-9 are closed too: a test run under `flock /tmp/cardos-pcsc.lock ...` inherits the lock's
        // descriptor, and a daemon keeping it would hold the machine-wide lock for as long as it lives.
        ProcessResult result = ProcessRunner.Run("/bin/sh", ["-c", $"exec {Pcscd} </dev/null >/dev/null 2>&1 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-"], TimeSpan.FromSeconds(10));
        Require(result.ExitCode == 0 || IsServiceUp(), $"a pcscd that starts (exit {result.ExitCode}: {result.StandardError})");
    }

    private static void WaitForReader(string reader, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < within)
        {
            try
            {
                using SCardContext context = SCardContext.Establish();
                var readers = new SCardReaderState(SCardReaderState.PnPNotification);
                context.GetStatusChange(TimeSpan.Zero, [readers]);
                if (context.GetReaders().Contains(reader))
                    return;

                // Readers come with the driver: wait for the reader list to change rather than poll it.
                readers.Acknowledge();
                context.GetStatusChange(TimeSpan.FromMilliseconds(500), [readers]);
            }
            catch (PcscException)
            {
                // pcscd is still starting.
                Thread.Sleep(50);
            }
        }

        Require(false, $"pcscd showing reader '{reader}' (check /etc/reader.conf.d/vpcd)");
    }
}
