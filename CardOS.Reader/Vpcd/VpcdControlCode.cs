namespace CardOS.Reader.Vpcd;

/// <summary>
/// The one-byte control messages vpcd sends (vsmartcard vpcd.h): a frame whose payload is exactly one byte is a
/// control code, never an APDU.
/// </summary>
public enum VpcdControlCode : byte
{
    /// <summary>Power the card off; no answer.</summary>
    PowerOff = 0,

    /// <summary>Power the card on (cold reset); no answer.</summary>
    PowerOn = 1,

    /// <summary>Warm reset; no answer.</summary>
    Reset = 2,

    /// <summary>Ask for the ATR; the answer is a frame carrying it. vpcd asks at every presence poll.</summary>
    GetAtr = 4,
}
