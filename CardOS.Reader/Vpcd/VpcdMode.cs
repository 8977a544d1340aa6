namespace CardOS.Reader.Vpcd;

/// <summary>Which side of the vpcd link opens the TCP connection.</summary>
public enum VpcdMode
{
    /// <summary>
    /// Normal mode: vpcd (inside pcscd) listens, the card side connects to it, and connects again whenever the link
    /// drops or pcscd restarts. This is what the stock /etc/reader.conf.d/vpcd configures.
    /// </summary>
    Normal,

    /// <summary>
    /// Reversed mode: the card side listens and vpcd dials out to it (a vpcd DEVICENAME of <c>host:port</c> instead of
    /// <c>/dev/null:port</c>).
    /// </summary>
    Reversed,
}
