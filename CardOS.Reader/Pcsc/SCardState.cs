namespace CardOS.Reader.Pcsc;

/// <summary>The state of the card in a connected reader, as SCardStatus reports it (Windows' ordinal values; pcsc-lite's bits are mapped).</summary>
public enum SCardState
{
    /// <summary>Unknown.</summary>
    Unknown = 0,

    /// <summary>No card in the reader.</summary>
    Absent = 1,

    /// <summary>A card is in the reader but not in position for use.</summary>
    Present = 2,

    /// <summary>A card is in position but not powered.</summary>
    Swallowed = 3,

    /// <summary>The card is powered but the reader has no mode for it yet.</summary>
    Powered = 4,

    /// <summary>The card was reset and awaits protocol negotiation.</summary>
    Negotiable = 5,

    /// <summary>The card was reset and a protocol is established.</summary>
    Specific = 6,
}
