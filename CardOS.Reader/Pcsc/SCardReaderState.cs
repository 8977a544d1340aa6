namespace CardOS.Reader.Pcsc;

/// <summary>
/// One reader's entry for <see cref="SCardContext.GetStatusChange(TimeSpan, IList{SCardReaderState})"/>: the state
/// the caller knows, and the state pcscd reports.
/// </summary>
public sealed class SCardReaderState
{
    /// <summary>Creates an entry for <paramref name="readerName"/> with the state the caller believes current.</summary>
    public SCardReaderState(string readerName, SCRState currentState = SCRState.Unaware)
    {
        ArgumentNullException.ThrowIfNull(readerName);
        ReaderName = readerName;
        CurrentState = currentState;
    }

    /// <summary>The reader, or <see cref="PnPNotification"/> to wait for readers to come and go.</summary>
    public string ReaderName { get; }

    /// <summary>The state the caller knows; GetStatusChange returns when the reader's state differs from it.</summary>
    public SCRState CurrentState { get; set; }

    /// <summary>The count of card events the caller knows (pcsc-lite: the upper 16 bits of the state word).</summary>
    public int CurrentEventCount { get; set; }

    /// <summary>The state pcscd reported.</summary>
    public SCRState EventState { get; internal set; }

    /// <summary>The count of card insertions and removals pcscd reported (pcsc-lite; zero elsewhere).</summary>
    public int EventCount { get; internal set; }

    /// <summary>The ATR of the card in the reader, as pcscd reported it; empty without a card.</summary>
    public byte[] Atr { get; internal set; } = [];

    /// <summary>The reader name that asks GetStatusChange to report readers being added or removed.</summary>
    public static string PnPNotification => @"\\?PnP?\Notification";

    /// <summary>Makes the reported state the known one, so that the next GetStatusChange waits for the next change.</summary>
    public void Acknowledge()
    {
        CurrentState = EventState & ~SCRState.Changed;
        CurrentEventCount = EventCount;
    }
}
