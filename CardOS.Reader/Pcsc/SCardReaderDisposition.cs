namespace CardOS.Reader.Pcsc;

/// <summary>What to do with the card when a connection ends or is re-established (SCARD_*_CARD).</summary>
public enum SCardReaderDisposition
{
    /// <summary>Leave the card as it is.</summary>
    Leave = 0,

    /// <summary>Warm reset.</summary>
    Reset = 1,

    /// <summary>Power the card down (the next connection powers it up cold).</summary>
    Unpower = 2,

    /// <summary>Eject the card, where the reader can.</summary>
    Eject = 3,
}
