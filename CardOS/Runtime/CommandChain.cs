using CardOS.Apdu;

namespace CardOS.Runtime;

/// <summary>
/// A command chain in progress (ISO/IEC 7816-4 5.1.1.1): the header every link repeats and the data gathered so far.
/// The buffer is allocated by the first chained command and kept, so a card that never chains carries none.
/// </summary>
internal sealed class CommandChain
{
    private byte[]? _data;
    private int _length;
    private int _channel;
    private Cla _cla;
    private byte _ins;
    private byte _p1;
    private byte _p2;

    /// <summary>True between the first link of a chain and its last (or its interruption).</summary>
    public bool IsActive { get; private set; }

    /// <summary>True when the chain in progress is on <paramref name="channel"/>.</summary>
    public bool IsOn(int channel) => IsActive && _channel == channel;

    /// <summary>True when a chain is in progress and <paramref name="apdu"/> does not repeat its header.</summary>
    /// <param name="channel">The command's logical channel.</param>
    /// <param name="claWithoutChaining">The command's CLA with the chaining bit (b5) cleared.</param>
    /// <param name="apdu">The command.</param>
    public bool IsInterruptedBy(int channel, Cla claWithoutChaining, in CommandApduView apdu) =>
        IsActive && (channel != _channel || claWithoutChaining != _cla || apdu.Ins != _ins || apdu.P1 != _p1 || apdu.P2 != _p2);

    /// <summary>Adds a link's data; false if the chain would exceed the longest command data field.</summary>
    public bool Append(ReadOnlySpan<byte> data)
    {
        if (_length + data.Length > CommandApduView.MaxNc)
            return false;
        if (_data is null || _data.Length < _length + data.Length)
            Array.Resize(ref _data, Math.Max(_length + data.Length, Math.Min(CommandApduView.MaxNc, (_data?.Length ?? 256) * 2)));
        data.CopyTo(_data.AsSpan(_length));
        _length += data.Length;
        return true;
    }

    /// <summary>Records the header that the next links must repeat: the chain goes on.</summary>
    public void Continue(int channel, Cla claWithoutChaining, in CommandApduView apdu)
    {
        IsActive = true;
        _channel = channel;
        _cla = claWithoutChaining;
        _ins = apdu.Ins;
        _p1 = apdu.P1;
        _p2 = apdu.P2;
    }

    /// <summary>Ends the chain with its last link and returns the whole chain's data (valid until the next <see cref="Append"/>).</summary>
    public ReadOnlySpan<byte> Complete()
    {
        int length = _length;
        Reset();
        return _data.AsSpan(0, length);
    }

    /// <summary>Drops the chain in progress, if any.</summary>
    public void Reset()
    {
        IsActive = false;
        _length = 0;
    }
}
