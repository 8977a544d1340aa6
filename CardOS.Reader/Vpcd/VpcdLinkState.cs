namespace CardOS.Reader.Vpcd;

/// <summary>The state of a slot's link to vpcd, as a terminal would see the card.</summary>
public enum VpcdLinkState
{
    /// <summary>The card is out of the reader: no link, and none is being sought.</summary>
    Removed,

    /// <summary>The card is in the reader and the card side is connecting (normal mode) or listening (reversed mode).</summary>
    Connecting,

    /// <summary>The link is up: vpcd sees the card.</summary>
    Connected,
}
