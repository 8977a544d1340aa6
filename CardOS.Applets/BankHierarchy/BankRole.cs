namespace CardOS.Applets.BankHierarchy;

/// <summary>The kind of a bank-hierarchy card (CARD_INFO byte 0); the numeric values are the bytes on the card.</summary>
public enum BankRole : byte
{
    /// <summary>A blank card: installed, not personalised.</summary>
    None = 0x00,

    /// <summary>A consumer's user card.</summary>
    Consumer = 0x01,

    /// <summary>A merchant's user card.</summary>
    Merchant = 0x02,

    /// <summary>A bank branch card: gives interest and keys to user cards.</summary>
    Branch = 0x10,

    /// <summary>A bank region card: gives interest and keys to branch cards.</summary>
    Region = 0x20,

    /// <summary>The bank center card: creates money and generates keys.</summary>
    Center = 0x30,

    /// <summary>The administrative card that issues the others.</summary>
    Admin = 0x40,
}
