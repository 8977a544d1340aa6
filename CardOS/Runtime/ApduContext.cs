using CardOS.Apdu;

namespace CardOS.Runtime;

/// <summary>
/// The command an applet is processing and the place its response goes: the card's APDU buffer, JavaCard style,
/// as spans over the caller's bytes (nothing is copied or allocated per command).
/// </summary>
public ref struct ApduContext
{
    private readonly ref int _responseLength;
    private readonly ref StatusWord _statusWord;

    internal ApduContext(in CommandApduView command, Cla cla, ReadOnlySpan<byte> data, int channel, Span<byte> response, ref int responseLength, ref StatusWord statusWord)
    {
        Cla = cla;
        Ins = command.Ins;
        P1 = command.P1;
        P2 = command.P2;
        Data = data;
        Ne = command.Ne;
        IsExtended = command.IsExtended;
        Channel = channel;
        Response = response;
        _responseLength = ref responseLength;
        _statusWord = ref statusWord;
    }

    /// <summary>CLA as received, with its channel, chaining and secure messaging bits.</summary>
    public Cla Cla { get; }

    /// <summary>INS.</summary>
    public byte Ins { get; }

    /// <summary>P1.</summary>
    public byte P1 { get; }

    /// <summary>P2.</summary>
    public byte P2 { get; }

    /// <summary>The command data: for a chained command, the data of the whole chain.</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>Ne, the most response bytes the terminal expects (0: no Le field). The card splits longer answers behind 61xx.</summary>
    public int Ne { get; }

    /// <summary>True when the command came with extended length fields.</summary>
    public bool IsExtended { get; }

    /// <summary>The logical channel the command arrived on (0 to 19).</summary>
    public int Channel { get; }

    /// <summary>The response data area: write the answer here, then call <see cref="Send(int)"/>.</summary>
    public Span<byte> Response { get; }

    /// <summary>The number of response bytes sent so far.</summary>
    public readonly int ResponseLength => _responseLength;

    /// <summary>Sends the first <paramref name="length"/> bytes of <see cref="Response"/> with status word 9000.</summary>
    public readonly void Send(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Response.Length);
        _responseLength = length;
        _statusWord = StatusWord.Success;
    }

    /// <summary>
    /// Sends the first <paramref name="length"/> bytes of <see cref="Response"/> with a warning status word, '62xx' or
    /// '63xx' (ISO/IEC 7816-4 5.6: processing completed with a warning, response data present), for example 6282 when
    /// a read ends before Ne bytes. Under T=0 the warning is answered after the last GET RESPONSE, or dropped when the
    /// card asks for the exact Le with 6Cxx (the repeated command then gets its own status word).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="warning"/> is not '62xx' or '63xx'.</exception>
    public readonly void Send(int length, StatusWord warning)
    {
        if (warning.Sw1 is not (0x62 or 0x63))
            throw new ArgumentException($"A warning status word is 62xx or 63xx; got {warning}.", nameof(warning));
        Send(length);
        _statusWord = warning;
    }

    /// <summary>Copies <paramref name="data"/> into <see cref="Response"/> and sends it with status word 9000.</summary>
    public readonly void Send(ReadOnlySpan<byte> data)
    {
        data.CopyTo(Response);
        _responseLength = data.Length;
        _statusWord = StatusWord.Success;
    }

    /// <summary>Throws <see cref="IsoException"/> with 6700 unless the command carries exactly <paramref name="nc"/> data bytes.</summary>
    public readonly void RequireDataLength(int nc)
    {
        if (Data.Length != nc)
            throw new IsoException(StatusWord.WrongLength);
    }

    /// <summary>Throws <see cref="IsoException"/> with 6A86 unless P1 and P2 are <paramref name="p1"/> and <paramref name="p2"/>.</summary>
    public readonly void RequireP1P2(byte p1, byte p2)
    {
        if (P1 != p1 || P2 != p2)
            throw new IsoException(StatusWord.IncorrectP1P2);
    }

    /// <summary>
    /// Throws <see cref="IsoException"/> with 6E00 unless the class is proprietary (<paramref name="proprietary"/>) or
    /// interindustry, and indicates no secure messaging.
    /// </summary>
    public readonly void RequireClass(bool proprietary)
    {
        if (Cla.IsProprietary != proprietary || Cla.IndicatesSecureMessaging)
            throw new IsoException(StatusWord.ClassNotSupported);
    }
}
