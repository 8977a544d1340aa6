namespace CardOS.Applets.BankHierarchy.Commands;

/// <summary>BEGIN EXCHANGE's P1: the card's part in the transaction.</summary>
public enum ExchangeMode : byte
{
    /// <summary>The card receives a payment.</summary>
    ReceivePayment = 0x01,

    /// <summary>The card pays.</summary>
    Pay = 0x02,

    /// <summary>The card receives interest and keys from a bank card.</summary>
    ReceiveInterest = 0x03,

    /// <summary>The bank card gives interest and keys.</summary>
    GiveInterest = 0x04,
}
