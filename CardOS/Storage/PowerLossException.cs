namespace CardOS.Storage;

/// <summary>
/// Power was cut during an EEPROM write (tearing injection): the write may be partly done and the card
/// is now off. The card's dispatch loop turns this into a mute card; nothing else should catch it.
/// </summary>
public sealed class PowerLossException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PowerLossException()
        : base("Power was lost during an EEPROM write; the card is off until the next power-up.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public PowerLossException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public PowerLossException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
