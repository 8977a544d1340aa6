namespace CardOS.Reader.Vpcd;

/// <summary>What happened to a slot: its link, its card's power, or a frame it refused.</summary>
public enum VpcdSlotEventKind
{
    /// <summary>The card was put into the reader (the slot seeks a link again).</summary>
    Inserted,

    /// <summary>The card was taken out of the reader (the link is closed and not sought).</summary>
    Removed,

    /// <summary>The link to vpcd came up.</summary>
    LinkUp,

    /// <summary>The link to vpcd went down (pcscd stopped, the link broke, or the card was removed); the card lost power.</summary>
    LinkDown,

    /// <summary>vpcd powered the card on.</summary>
    PoweredOn,

    /// <summary>vpcd powered the card off.</summary>
    PoweredOff,

    /// <summary>vpcd reset the card.</summary>
    Reset,

    /// <summary>
    /// A link attempt failed (vpcd refused the connection in normal mode; the port could not be listened on in reversed
    /// mode); the slot retries. The detail is the reason, e.g. "Connection refused".
    /// </summary>
    ConnectFailed,

    /// <summary>A frame broke the protocol (empty, truncated, an unknown control code); it was ignored or the link dropped.</summary>
    ProtocolError,
}
