namespace CardOS.Reader.Pcsc;

/// <summary>The card lost power: reconnect before going on.</summary>
public sealed class UnpoweredCardException : PcscException
{
    /// <summary>Creates the exception for <paramref name="error"/>.</summary>
    public UnpoweredCardException(SCardError error)
        : base(error)
    {
    }

    /// <summary>Creates the exception for UnpoweredCard.</summary>
    public UnpoweredCardException()
        : base(SCardError.UnpoweredCard)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public UnpoweredCardException(string message)
        : base(SCardError.UnpoweredCard, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public UnpoweredCardException(string message, Exception innerException)
        : base(SCardError.UnpoweredCard, message, innerException)
    {
    }
}
