namespace CardOS.Applets.BankHierarchy;

/// <summary>The kind of a PASSBOOK record (byte 28); the values are the ASCII codes stored on the card.</summary>
public enum PassbookEntryType : byte
{
    /// <summary>'D': this card paid the other.</summary>
    Paid = 0x44,

    /// <summary>'C': this card received a payment.</summary>
    Received = 0x43,

    /// <summary>'P': this bank card paid interest (and handed keys down).</summary>
    InterestPaid = 0x50,

    /// <summary>'I': this card received interest (and perhaps a key).</summary>
    InterestReceived = 0x49,

    /// <summary>'X': this bank card invalidated the other card (found in BAD_CARD); no money moved.</summary>
    Invalidated = 0x58,

    /// <summary>'M': money created on this center card.</summary>
    Created = 0x4D,
}
