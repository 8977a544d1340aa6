using CardOS.Apdu;

namespace CardOS.Runtime;

/// <summary>
/// Response bytes that did not fit the command's Ne (or the protocol) and wait for GET RESPONSE behind 61xx
/// (ISO/IEC 7816-4 7.6.1), with the status word that completes them. The buffer is allocated at the first deferral
/// and kept.
/// </summary>
internal sealed class PendingResponse
{
    private byte[]? _bytes;
    private int _offset;
    private int _channel;
    private StatusWord _completion;

    /// <summary>How many bytes are still waiting; 0 when nothing is.</summary>
    public int Length { get; private set; }

    /// <summary>True when bytes wait for a GET RESPONSE on <paramref name="channel"/>.</summary>
    public bool IsWaitingOn(int channel) => Length != 0 && _channel == channel;

    /// <summary>Keeps <paramref name="remaining"/> for GET RESPONSE on <paramref name="channel"/>; returns the 61xx that announces them.</summary>
    public StatusWord Keep(ReadOnlySpan<byte> remaining, int channel, StatusWord completion)
    {
        if (_bytes is null || _bytes.Length < remaining.Length)
            _bytes = new byte[Math.Max(remaining.Length, CommandApduView.MaxShortNe)];
        remaining.CopyTo(_bytes);
        _offset = 0;
        Length = remaining.Length;
        _channel = channel;
        _completion = completion;
        return StatusWord.BytesAvailable(remaining.Length);
    }

    /// <summary>Moves the next <paramref name="count"/> waiting bytes to <paramref name="destination"/>; returns 61xx while more wait, else the completion.</summary>
    public StatusWord Take(int count, Span<byte> destination)
    {
        _bytes.AsSpan(_offset, count).CopyTo(destination);
        _offset += count;
        Length -= count;
        return Length == 0 ? _completion : StatusWord.BytesAvailable(Length);
    }

    /// <summary>Drops whatever waits.</summary>
    public void Clear() => Length = 0;
}
