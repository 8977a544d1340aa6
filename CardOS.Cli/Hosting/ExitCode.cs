using System.Net.Sockets;
using CardOS.Reader.Pcsc;
using CardOS.Storage;

namespace CardOS.Cli.Hosting;

/// <summary>
/// The exit codes of every <c>cardos</c> command (README, "Exit codes"): 0 success, 1 the card or the script said no,
/// 2 a usage or input error, 3 the environment (pcscd or vpcd unreachable, a file locked by another process).
/// </summary>
internal static class ExitCode
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The card or the script said no: a mismatch, a refusal, money not conserved.</summary>
    public const int Refused = 1;

    /// <summary>The command line or an input file is wrong.</summary>
    public const int Usage = 2;

    /// <summary>The environment: a service unreachable, a file locked.</summary>
    public const int Environment = 3;

    // Windows' ERROR_SHARING_VIOLATION and ERROR_LOCK_VIOLATION; on Unix .NET reports a file another process holds
    // (flock) with the raw errno EWOULDBLOCK: 11 on Linux, 35 on macOS.
    private const int SharingViolation = unchecked((int)0x80070020);
    private const int LockViolation = unchecked((int)0x80070021);
    private const int WouldBlockLinux = 11;
    private const int WouldBlockMacOs = 35;

    /// <summary>Whether <paramref name="exception"/> says the environment failed rather than the input.</summary>
    public static bool IsEnvironmental(Exception exception) => exception switch
    {
        NoServiceException or DllNotFoundException => true,
        PcscException pcsc => pcsc.Error is SCardError.NoService or SCardError.ServiceStopped or SCardError.NoReadersAvailable
            or SCardError.ReaderUnavailable or SCardError.NoSmartcard or SCardError.RemovedCard,
        SocketException => true,
        CardImageException { InUse: true } => true,
        CardImageException { InnerException: IOException inner } => IsLocked(inner),
        IOException io => IsLocked(io),
        _ => false,
    };

    /// <summary>The exit code for an exception a command reports as one line: 3 for the environment, else 2.</summary>
    public static int For(Exception exception) => IsEnvironmental(exception) ? Environment : Usage;

    /// <summary>Writes the one-line error "<paramref name="command"/>: what was wrong." and returns <see cref="For"/>'s exit code.</summary>
    public static int Report(TextWriter error, string command, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(exception);
        error.WriteLine(Messages.Line(command, exception.Message));
        return For(exception);
    }

    private static bool IsLocked(IOException exception) =>
        exception is not (FileNotFoundException or DirectoryNotFoundException)
        && exception.HResult is SharingViolation or LockViolation or WouldBlockLinux or WouldBlockMacOs;
}
