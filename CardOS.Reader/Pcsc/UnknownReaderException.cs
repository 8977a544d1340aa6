namespace CardOS.Reader.Pcsc;

/// <summary>No reader has that name.</summary>
public sealed class UnknownReaderException : PcscException
{
    /// <summary>Creates the exception for <paramref name="error"/>.</summary>
    public UnknownReaderException(SCardError error)
        : base(error)
    {
    }

    /// <summary>Creates the exception for UnknownReader.</summary>
    public UnknownReaderException()
        : base(SCardError.UnknownReader)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public UnknownReaderException(string message)
        : base(SCardError.UnknownReader, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public UnknownReaderException(string message, Exception innerException)
        : base(SCardError.UnknownReader, message, innerException)
    {
    }
}
