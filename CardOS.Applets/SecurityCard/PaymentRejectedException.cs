namespace CardOS.Applets.SecurityCard;

/// <summary>A service provider terminal refused a card or a payment: the message says which check failed.</summary>
public sealed class PaymentRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PaymentRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public PaymentRejectedException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public PaymentRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
