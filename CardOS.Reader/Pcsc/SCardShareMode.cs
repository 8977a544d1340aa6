namespace CardOS.Reader.Pcsc;

/// <summary>Whether other applications may connect to the card while this connection is open (SCARD_SHARE_*).</summary>
public enum SCardShareMode
{
    /// <summary>No other application may connect to the card.</summary>
    Exclusive = 1,

    /// <summary>Other applications may connect to the card; use transactions for exclusive sequences.</summary>
    Shared = 2,

    /// <summary>A direct connection to the reader, with or without a card.</summary>
    Direct = 3,
}
