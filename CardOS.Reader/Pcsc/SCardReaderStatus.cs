namespace CardOS.Reader.Pcsc;

/// <summary>What SCardStatus tells about a connection: the reader, the card's state, the protocol and the ATR.</summary>
/// <param name="ReaderName">The reader's name.</param>
/// <param name="State">The card's state.</param>
/// <param name="Protocol">The active protocol.</param>
/// <param name="Atr">The card's ATR.</param>
public sealed record SCardReaderStatus(string ReaderName, SCardState State, SCardProtocol Protocol, byte[] Atr);
