namespace CardOS.Storage;

/// <summary>
/// A card's RAM: one block of which every <see cref="TransientArray"/> is a slice, as on a real card. It grows as
/// applets allocate, and a power loss replaces it (the old block is cleared and left to whoever still holds it).
/// </summary>
internal sealed class TransientMemory
{
    private byte[] _bytes = [];
    private int _used;

    /// <summary>Reserves <paramref name="length"/> zero bytes and returns their offset.</summary>
    public int Allocate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        int offset = _used;
        if (offset + length > _bytes.Length)
            Array.Resize(ref _bytes, offset + length);
        _used = offset + length;
        return offset;
    }

    public Span<byte> Slice(int offset, int length) => _bytes.AsSpan(offset, length);

    /// <summary>Clears every byte (power-up, reset).</summary>
    public void Clear() => Array.Clear(_bytes);
}
