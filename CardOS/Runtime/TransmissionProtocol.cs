namespace CardOS.Runtime;

/// <summary>The transmission protocol a card offers in its ATR and speaks (ISO/IEC 7816-3).</summary>
public enum TransmissionProtocol
{
    /// <summary>
    /// T=0, character oriented: a case-3 or case-4 command's response waits behind 61xx for GET RESPONSE,
    /// and a case-2 command with the wrong Le answers 6Cxx (ISO/IEC 7816-3 12.2).
    /// </summary>
    T0,

    /// <summary>T=1, block oriented: data and status word travel together.</summary>
    T1,
}
