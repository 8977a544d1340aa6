namespace CardOS.Reader.Pcsc;

/// <summary>A reader's state as SCardGetStatusChange reports it (SCARD_STATE_*).</summary>
[Flags]
#pragma warning disable CA1711 // pcsc-sharp's name for these flags; terminal developers know it.
public enum SCRState
#pragma warning restore CA1711
{
    /// <summary>The caller does not know the state: report the current one at once.</summary>
    Unaware = 0x0000,

    /// <summary>Ignore this reader.</summary>
    Ignore = 0x0001,

    /// <summary>The state differs from the caller's current state.</summary>
    Changed = 0x0002,

    /// <summary>The reader name is not recognized.</summary>
    Unknown = 0x0004,

    /// <summary>The reader's state is not available.</summary>
    Unavailable = 0x0008,

    /// <summary>No card in the reader.</summary>
    Empty = 0x0010,

    /// <summary>A card is in the reader.</summary>
    Present = 0x0020,

    /// <summary>The card's ATR matches one of the target cards.</summary>
    AtrMatch = 0x0040,

    /// <summary>The card is in exclusive use by another application.</summary>
    Exclusive = 0x0080,

    /// <summary>The card is in use by one or more applications.</summary>
    InUse = 0x0100,

    /// <summary>The card does not answer (no valid ATR).</summary>
    Mute = 0x0200,

    /// <summary>The card is not powered.</summary>
    Unpowered = 0x0400,
}
