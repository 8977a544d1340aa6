using CardOS.Apdu;

namespace CardOS.Applets.SecurityCard.Commands;

/// <summary>The answer to SELECT: 9000, or 6283 when the card's security lock is closed (the applet is selected either way).</summary>
public sealed class SelectResponse(ResponseApdu response) : SecurityCardResponse(response)
{
    /// <summary>True when the applet is selected (9000 or 6283).</summary>
    public bool IsSelected => IsSuccess || StatusWord == SecurityCardStatusWords.SelectedWhileLocked;

    /// <summary>True when the card said its security lock is closed.</summary>
    public bool IsLocked => StatusWord == SecurityCardStatusWords.SelectedWhileLocked;
}
