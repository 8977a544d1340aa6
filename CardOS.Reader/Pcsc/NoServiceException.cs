namespace CardOS.Reader.Pcsc;

/// <summary>The resource manager (pcscd) is not running or has shut down: establish a new context when it is back.</summary>
public sealed class NoServiceException : PcscException
{
    /// <summary>Creates the exception for <paramref name="error"/>.</summary>
    public NoServiceException(SCardError error)
        : base(error)
    {
    }

    /// <summary>Creates the exception for NoService.</summary>
    public NoServiceException()
        : base(SCardError.NoService)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public NoServiceException(string message)
        : base(SCardError.NoService, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public NoServiceException(string message, Exception innerException)
        : base(SCardError.NoService, message, innerException)
    {
    }
}
