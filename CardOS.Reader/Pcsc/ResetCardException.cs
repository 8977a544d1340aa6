namespace CardOS.Reader.Pcsc;

/// <summary>The card was reset by another connection: reconnect before going on.</summary>
public sealed class ResetCardException : PcscException
{
    /// <summary>Creates the exception for <paramref name="error"/>.</summary>
    public ResetCardException(SCardError error)
        : base(error)
    {
    }

    /// <summary>Creates the exception for ResetCard.</summary>
    public ResetCardException()
        : base(SCardError.ResetCard)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ResetCardException(string message)
        : base(SCardError.ResetCard, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ResetCardException(string message, Exception innerException)
        : base(SCardError.ResetCard, message, innerException)
    {
    }
}
