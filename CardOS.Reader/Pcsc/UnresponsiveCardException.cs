namespace CardOS.Reader.Pcsc;

/// <summary>The card does not answer a reset.</summary>
public sealed class UnresponsiveCardException : PcscException
{
    /// <summary>Creates the exception for <paramref name="error"/>.</summary>
    public UnresponsiveCardException(SCardError error)
        : base(error)
    {
    }

    /// <summary>Creates the exception for UnresponsiveCard.</summary>
    public UnresponsiveCardException()
        : base(SCardError.UnresponsiveCard)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public UnresponsiveCardException(string message)
        : base(SCardError.UnresponsiveCard, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public UnresponsiveCardException(string message, Exception innerException)
        : base(SCardError.UnresponsiveCard, message, innerException)
    {
    }
}
