namespace CardOS.Reader.Pcsc;

/// <summary>The context or card handle is no longer valid (for example, pcscd restarted): establish a new one.</summary>
public sealed class InvalidContextException : PcscException
{
    /// <summary>Creates the exception for <paramref name="error"/>.</summary>
    public InvalidContextException(SCardError error)
        : base(error)
    {
    }

    /// <summary>Creates the exception for InvalidHandle.</summary>
    public InvalidContextException()
        : base(SCardError.InvalidHandle)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public InvalidContextException(string message)
        : base(SCardError.InvalidHandle, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public InvalidContextException(string message, Exception innerException)
        : base(SCardError.InvalidHandle, message, innerException)
    {
    }
}
