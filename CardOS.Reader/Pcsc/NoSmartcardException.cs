namespace CardOS.Reader.Pcsc;

/// <summary>No card is in the reader.</summary>
public sealed class NoSmartcardException : PcscException
{
    /// <summary>Creates the exception for <paramref name="error"/>.</summary>
    public NoSmartcardException(SCardError error)
        : base(error)
    {
    }

    /// <summary>Creates the exception for NoSmartcard.</summary>
    public NoSmartcardException()
        : base(SCardError.NoSmartcard)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public NoSmartcardException(string message)
        : base(SCardError.NoSmartcard, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public NoSmartcardException(string message, Exception innerException)
        : base(SCardError.NoSmartcard, message, innerException)
    {
    }
}
