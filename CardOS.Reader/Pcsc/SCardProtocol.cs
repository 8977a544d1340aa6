namespace CardOS.Reader.Pcsc;

/// <summary>Transmission protocols (SCARD_PROTOCOL_*), with the Windows value for raw; pcsc-lite's differs and is mapped.</summary>
[Flags]
public enum SCardProtocol
{
    /// <summary>No protocol negotiated (a direct connection, or none yet).</summary>
    Unset = 0,

    /// <summary>T=0.</summary>
    T0 = 0x0001,

    /// <summary>T=1.</summary>
    T1 = 0x0002,

    /// <summary>T=15.</summary>
    T15 = 0x0008,

    /// <summary>Raw (memory cards and the like).</summary>
    Raw = 0x10000,

    /// <summary>T=0 or T=1, whichever the card offers.</summary>
    Any = T0 | T1,
}
