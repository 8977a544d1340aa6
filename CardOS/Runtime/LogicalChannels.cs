namespace CardOS.Runtime;

/// <summary>
/// The card's logical channels (ISO/IEC 7816-4 5.1.1.2): which are open, and the applet selected on each.
/// The basic channel 0 is open whenever the card is powered.
/// </summary>
internal sealed class LogicalChannels
{
    private readonly Applet?[] _selected;
    private readonly bool[] _open;

    public LogicalChannels(int count)
    {
        _selected = new Applet?[count];
        _open = new bool[count];
    }

    /// <summary>How many channels the card supports.</summary>
    public int Count => _open.Length;

    /// <summary>The applet selected on <paramref name="channel"/>, or null; setting it changes no callback.</summary>
    public Applet? this[int channel]
    {
        get => _selected[channel];
        set => _selected[channel] = value;
    }

    /// <summary>True when <paramref name="channel"/> exists on this card and is open.</summary>
    public bool IsOpen(int channel) => channel < _open.Length && _open[channel];

    /// <summary>The lowest closed channel other than the basic one, or -1 when all are open.</summary>
    public int FirstClosed() => Array.IndexOf(_open, false, 1);

    /// <summary>Opens <paramref name="channel"/> with nothing selected on it.</summary>
    public void Open(int channel) => _open[channel] = true;

    /// <summary>Closes <paramref name="channel"/>; deselect its applet first.</summary>
    public void Close(int channel) => _open[channel] = false;

    /// <summary>True when <paramref name="applet"/> is selected on a channel other than <paramref name="channel"/>.</summary>
    public bool IsSelectedElsewhere(Applet applet, int channel)
    {
        for (int other = 0; other < _selected.Length; other++)
        {
            if (other != channel && ReferenceEquals(_selected[other], applet))
                return true;
        }

        return false;
    }

    /// <summary>Closes every channel and forgets every selection, as a power loss does.</summary>
    public void CloseAll()
    {
        Array.Clear(_selected);
        Array.Clear(_open);
    }
}
