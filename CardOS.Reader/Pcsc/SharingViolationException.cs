namespace CardOS.Reader.Pcsc;

/// <summary>Another connection holds the card exclusively, or this one cannot get it exclusively.</summary>
public sealed class SharingViolationException : PcscException
{
    /// <summary>Creates the exception for <paramref name="error"/>.</summary>
    public SharingViolationException(SCardError error)
        : base(error)
    {
    }

    /// <summary>Creates the exception for SharingViolation.</summary>
    public SharingViolationException()
        : base(SCardError.SharingViolation)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SharingViolationException(string message)
        : base(SCardError.SharingViolation, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public SharingViolationException(string message, Exception innerException)
        : base(SCardError.SharingViolation, message, innerException)
    {
    }
}
