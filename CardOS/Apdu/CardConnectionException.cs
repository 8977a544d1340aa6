namespace CardOS.Apdu;

/// <summary>The card did not answer: it is unpowered or removed, lost power mid-command, or the link to it broke.</summary>
public class CardConnectionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CardConnectionException()
        : base("The card did not answer.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CardConnectionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public CardConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
