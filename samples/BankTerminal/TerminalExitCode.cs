using CardOS.Apdu;
using CardOS.Reader.Pcsc;

namespace BankTerminal;

/// <summary>
/// BankTerminal's exit codes, as every CardOS program has them: 0 done, 1 refused by a card, 2 usage or input error,
/// 3 environment (pcscd not running, no reader, no card, the card went away).
/// </summary>
public static class TerminalExitCode
{
    /// <summary>The command completed.</summary>
    public const int Done = 0;

    /// <summary>A card refused (a status word other than 9000, a refused PIN, an exchange that did not complete).</summary>
    public const int Refused = 1;

    /// <summary>The command line was wrong: an unknown command, a missing argument, an amount that is not a number, an unknown reader name.</summary>
    public const int Usage = 2;

    /// <summary>PC/SC could not be used: pcscd not running, no readers, no card in the reader, the card removed.</summary>
    public const int Environment = 3;

    /// <summary>The exit code for an exception that ended the command.</summary>
    public static int For(Exception exception) => exception switch
    {
        IsoException => Refused,
        UnknownReaderException => Usage,
        PcscException => Environment,
        CardConnectionException => Environment,
        DllNotFoundException => Environment,
        FormatException or OverflowException => Usage,
        _ => Environment,
    };
}
