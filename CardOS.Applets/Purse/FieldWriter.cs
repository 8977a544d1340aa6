using System.Buffers.Binary;

namespace CardOS.Applets.Purse;

/// <summary>Appends fixed-width fields to a span: the way every purse message and response is laid out.</summary>
internal ref struct FieldWriter
{
    private readonly Span<byte> _buffer;

    public FieldWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        Length = 0;
    }

    public int Length { get; private set; }

    public readonly ReadOnlySpan<byte> Written => _buffer[..Length];

    public void Put(byte value) => _buffer[Length++] = value;

    public void Put(scoped ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer[Length..]);
        Length += bytes.Length;
    }

    public void PutUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[Length..], value);
        Length += 2;
    }

    public void PutUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer[Length..], value);
        Length += 4;
    }
}
