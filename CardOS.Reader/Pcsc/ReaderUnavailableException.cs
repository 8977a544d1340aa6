namespace CardOS.Reader.Pcsc;

/// <summary>The reader is not available (its driver lost it): wait for it to come back.</summary>
public sealed class ReaderUnavailableException : PcscException
{
    /// <summary>Creates the exception for <paramref name="error"/>.</summary>
    public ReaderUnavailableException(SCardError error)
        : base(error)
    {
    }

    /// <summary>Creates the exception for ReaderUnavailable.</summary>
    public ReaderUnavailableException()
        : base(SCardError.ReaderUnavailable)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ReaderUnavailableException(string message)
        : base(SCardError.ReaderUnavailable, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ReaderUnavailableException(string message, Exception innerException)
        : base(SCardError.ReaderUnavailable, message, innerException)
    {
    }
}
