namespace CardOS.Apdu;

/// <summary>
/// The seven command APDU encodings of ISO/IEC 7816-3 12.1.3 (ISO/IEC 7816-4 5.1).
/// </summary>
public enum IsoCase
{
    /// <summary>Header only: no command data, no response data expected.</summary>
    Case1,

    /// <summary>Header and a one-byte Le.</summary>
    Case2Short,

    /// <summary>Header, a one-byte Lc and the command data.</summary>
    Case3Short,

    /// <summary>Header, a one-byte Lc, the command data and a one-byte Le.</summary>
    Case4Short,

    /// <summary>Header, '00' and a two-byte Le.</summary>
    Case2Extended,

    /// <summary>Header, '00', a two-byte Lc and the command data.</summary>
    Case3Extended,

    /// <summary>Header, '00', a two-byte Lc, the command data and a two-byte Le.</summary>
    Case4Extended,
}
