using System.Globalization;
using CardOS.Apdu;

namespace CardOS.Reader.Pcsc;

/// <summary>A PC/SC call failed; <see cref="Error"/> says how. Subclasses name the errors terminals handle most.</summary>
public class PcscException : CardConnectionException
{
    /// <summary>Creates the exception for an error code, with its standard message.</summary>
    public PcscException(SCardError error)
        : base(Describe(error))
    {
        Error = error;
    }

    /// <summary>Creates the exception for an error code with a message.</summary>
    public PcscException(SCardError error, string message)
        : base(message)
    {
        Error = error;
    }

    /// <summary>Creates the exception with no code (<see cref="SCardError.UnknownError"/>).</summary>
    public PcscException()
        : this(SCardError.UnknownError)
    {
    }

    /// <summary>Creates the exception with a message and no code (<see cref="SCardError.UnknownError"/>).</summary>
    public PcscException(string message)
        : this(SCardError.UnknownError, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause (<see cref="SCardError.UnknownError"/>).</summary>
    public PcscException(string message, Exception innerException)
        : this(SCardError.UnknownError, message, innerException)
    {
    }

    /// <summary>Creates the exception for an error code with a message and a cause.</summary>
    public PcscException(SCardError error, string message, Exception innerException)
        : base(message, innerException)
    {
        Error = error;
    }

    /// <summary>The PC/SC result code.</summary>
    public SCardError Error { get; }

    /// <summary>The standard text of a result code with its name and value, for example "RemovedCard (0x80100069): ...".</summary>
    public static string Describe(SCardError error)
    {
        string code = ((uint)error).ToString("X8", CultureInfo.InvariantCulture);
        string text = error switch
        {
            SCardError.NoService => "The smart card resource manager (pcscd) is not running.",
            SCardError.ServiceStopped => "The smart card resource manager (pcscd) has shut down.",
            SCardError.NoReadersAvailable => "Cannot find a smart card reader.",
            SCardError.UnknownReader => "The specified reader name is not recognized.",
            SCardError.ReaderUnavailable => "The specified reader is not currently available for use.",
            SCardError.NoSmartcard => "No smart card is in the reader.",
            SCardError.RemovedCard => "The smart card has been removed, so further communication is not possible.",
            SCardError.ResetCard => "The smart card has been reset, so any shared state information is invalid.",
            SCardError.UnpoweredCard => "Power has been removed from the smart card.",
            SCardError.UnresponsiveCard => "The smart card is not responding to a reset.",
            SCardError.SharingViolation => "The smart card cannot be accessed because of other connections outstanding.",
            SCardError.CommunicationError => "An internal communications error has been detected.",
            SCardError.NotTransacted => "The command could not be carried to the card and back.",
            SCardError.Timeout => "The timeout has expired.",
            SCardError.Cancelled => "The action was cancelled.",
            SCardError.InvalidHandle => "The supplied handle was invalid.",
            SCardError.InsufficientBuffer => "The buffer for the returned data is too small.",
            SCardError.ProtocolMismatch => "The requested protocols are incompatible with the protocol in use with the card.",
            _ => "The PC/SC call failed.",
        };
        return Enum.IsDefined(error) ? $"{error} (0x{code}): {text}" : $"0x{code}: {text}";
    }

    /// <summary>The exception for a result code: the matching subclass where there is one.</summary>
    public static PcscException FromError(SCardError error) => error switch
    {
        SCardError.NoService or SCardError.ServiceStopped => new NoServiceException(error),
        SCardError.RemovedCard => new RemovedCardException(error),
        SCardError.NoSmartcard => new NoSmartcardException(error),
        SCardError.ReaderUnavailable => new ReaderUnavailableException(error),
        SCardError.UnknownReader => new UnknownReaderException(error),
        SCardError.ResetCard => new ResetCardException(error),
        SCardError.UnpoweredCard => new UnpoweredCardException(error),
        SCardError.UnresponsiveCard => new UnresponsiveCardException(error),
        SCardError.SharingViolation => new SharingViolationException(error),
        SCardError.InvalidHandle => new InvalidContextException(error),
        _ => new PcscException(error),
    };
}
