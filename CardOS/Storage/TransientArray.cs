namespace CardOS.Storage;

/// <summary>A byte array in the card's RAM: fast, never journalled, cleared at reset (and on deselect if asked).</summary>
public sealed class TransientArray
{
    private readonly byte[] _bytes;

    internal TransientArray(int length, TransientClear clear)
    {
        _bytes = new byte[length];
        Clear = clear;
    }

    /// <summary>When the contents are cleared.</summary>
    public TransientClear Clear { get; }

    /// <summary>The length in bytes.</summary>
    public int Length => _bytes.Length;

    /// <summary>The contents, readable and writable.</summary>
    public Span<byte> Span => _bytes;

    internal void Erase() => Array.Clear(_bytes);
}
