using CardOS.Apdu;

namespace CardOS.Applets.SecurityCard;

/// <summary>Status words with a meaning particular to the security card (the ISO ones are in <see cref="StatusWord"/>).</summary>
public static class SecurityCardStatusWords
{
    /// <summary>6283: answered to SELECT while the security lock is closed (ISO/IEC 7816-4: selected file deactivated); the applet is selected.</summary>
    public static readonly StatusWord SelectedWhileLocked = new(0x6283);

    /// <summary>6300: authentication failed (a bad lock cryptogram or withdrawal acknowledgement MAC).</summary>
    public static readonly StatusWord AuthenticationFailed = new(0x6300);

    /// <summary>6A81: the security lock is closed; payments and withdrawals are refused (ISO/IEC 7816-4: function not supported).</summary>
    public static readonly StatusWord SecurityLockClosed = new(0x6A81);

    /// <summary>9401 (proprietary): the amount exceeds C_balance.</summary>
    public static readonly StatusWord InsufficientBalance = new(0x9401);

    /// <summary>9402 (proprietary): the credit would take C_balance above its maximum (2^32 - 1).</summary>
    public static readonly StatusWord MaximumBalanceExceeded = new(0x9402);

    /// <summary>9403 (proprietary): ser# or seq# has reached its maximum; the CARD-CERT must be renewed (ser#) or the card replaced (seq#).</summary>
    public static readonly StatusWord CounterExhausted = new(0x9403);
}
