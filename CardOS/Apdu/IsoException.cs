namespace CardOS.Apdu;

/// <summary>
/// An ISO/IEC 7816-4 status word raised as an exception: applets throw it to answer a command with
/// that status word, and host-side drivers throw it when a card answers one they did not expect.
/// </summary>
public class IsoException : Exception
{
    /// <summary>Creates the exception for a status word.</summary>
    public IsoException(StatusWord statusWord)
        : base($"The card answered status word {statusWord}.")
    {
        StatusWord = statusWord;
    }

    /// <summary>Creates the exception for a status word with an explanation.</summary>
    public IsoException(StatusWord statusWord, string message)
        : base(message)
    {
        StatusWord = statusWord;
    }

    /// <summary>Not for use: an ISO exception always carries a status word.</summary>
    public IsoException()
        : this(StatusWord.NoPreciseDiagnosis)
    {
    }

    /// <summary>Not for use: an ISO exception always carries a status word.</summary>
    public IsoException(string message)
        : this(StatusWord.NoPreciseDiagnosis, message)
    {
    }

    /// <summary>Not for use: an ISO exception always carries a status word.</summary>
    public IsoException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusWord = StatusWord.NoPreciseDiagnosis;
    }

    /// <summary>The status word the card answers.</summary>
    public StatusWord StatusWord { get; }
}
