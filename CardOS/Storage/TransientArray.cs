namespace CardOS.Storage;

/// <summary>A byte array in the card's RAM: fast, never journalled, cleared at reset (and on deselect if asked).</summary>
public sealed class TransientArray
{
    private readonly TransientMemory _memory;
    private readonly int _offset;

    internal TransientArray(TransientMemory memory, int length, TransientClear clear)
    {
        _memory = memory;
        _offset = memory.Allocate(length);
        Length = length;
        Clear = clear;
    }

    /// <summary>When the contents are cleared.</summary>
    public TransientClear Clear { get; }

    /// <summary>The length in bytes.</summary>
    public int Length { get; }

    /// <summary>The contents, readable and writable.</summary>
    public Span<byte> Span => _memory.Slice(_offset, Length);

    internal void Erase() => Span.Clear();
}
