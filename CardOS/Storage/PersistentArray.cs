using System.Buffers.Binary;

namespace CardOS.Storage;

/// <summary>
/// A byte array that lives in the card's EEPROM, allocated by an applet at install. Reads are views of the
/// image; <see cref="Write(int, ReadOnlySpan{byte})"/> is atomic (journalled, part of an open transaction), <see cref="WriteNonAtomic"/>
/// is a plain EEPROM write that a transaction abort does not undo and a power cut may tear.
/// </summary>
public sealed class PersistentArray
{
    private readonly PersistentMemory _memory;
    private readonly int _address;

    internal PersistentArray(PersistentMemory memory, int address, int length)
    {
        _memory = memory;
        _address = address;
        Length = length;
    }

    /// <summary>The length in bytes.</summary>
    public int Length { get; }

    /// <summary>The array's current bytes (a view valid until the next write).</summary>
    public ReadOnlySpan<byte> Span => _memory.Eeprom.Read(_address, Length);

    /// <summary>Reads one byte.</summary>
    public byte this[int index] => Slice(index, 1)[0];

    /// <summary>The bytes [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>) (a view valid until the next write).</summary>
    public ReadOnlySpan<byte> Slice(int offset, int length)
    {
        CheckRange(offset, length);
        return _memory.Eeprom.Read(_address + offset, length);
    }

    /// <summary>Writes atomically: all of <paramref name="data"/> or none of it lands, and an open transaction's abort undoes it.</summary>
    public void Write(int offset, ReadOnlySpan<byte> data)
    {
        CheckRange(offset, data.Length);
        _memory.WriteAtomic(_address + offset, data);
    }

    /// <summary>Writes one byte atomically.</summary>
    public void Write(int offset, byte value) => Write(offset, [value]);

    /// <summary>Writes straight to EEPROM (JavaCard arrayCopyNonAtomic): not journalled, not undone by abort, tearable.</summary>
    public void WriteNonAtomic(int offset, ReadOnlySpan<byte> data)
    {
        CheckRange(offset, data.Length);
        _memory.WriteNonAtomic(_address + offset, data);
    }

    /// <summary>Reads a big-endian 16-bit value.</summary>
    public ushort ReadUInt16(int offset) => BinaryPrimitives.ReadUInt16BigEndian(Slice(offset, 2));

    /// <summary>Reads a big-endian 32-bit value.</summary>
    public uint ReadUInt32(int offset) => BinaryPrimitives.ReadUInt32BigEndian(Slice(offset, 4));

    /// <summary>Writes a big-endian 16-bit value atomically.</summary>
    public void WriteUInt16(int offset, ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        Write(offset, bytes);
    }

    /// <summary>Writes a big-endian 32-bit value atomically.</summary>
    public void WriteUInt32(int offset, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        Write(offset, bytes);
    }

    /// <summary>Sets <paramref name="length"/> bytes from <paramref name="offset"/> to <paramref name="value"/>, atomically.</summary>
    public void Fill(int offset, int length, byte value)
    {
        CheckRange(offset, length);
        byte[] fill = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try
        {
            fill.AsSpan(0, length).Fill(value);
            _memory.WriteAtomic(_address + offset, fill.AsSpan(0, length));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(fill);
        }
    }

    private void CheckRange(int offset, int length)
    {
        if (offset < 0 || length < 0 || offset > Length - length)
            throw new ArgumentOutOfRangeException(nameof(offset), $"[{offset}, {offset}+{length}) lies outside the {Length}-byte persistent array.");
    }
}
