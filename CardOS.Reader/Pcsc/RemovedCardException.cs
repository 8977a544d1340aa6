namespace CardOS.Reader.Pcsc;

/// <summary>The card was removed (or its link to the reader dropped): connect again when it is back.</summary>
public sealed class RemovedCardException : PcscException
{
    /// <summary>Creates the exception for <paramref name="error"/>.</summary>
    public RemovedCardException(SCardError error)
        : base(error)
    {
    }

    /// <summary>Creates the exception for RemovedCard.</summary>
    public RemovedCardException()
        : base(SCardError.RemovedCard)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RemovedCardException(string message)
        : base(SCardError.RemovedCard, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public RemovedCardException(string message, Exception innerException)
        : base(SCardError.RemovedCard, message, innerException)
    {
    }
}
