using System.Buffers.Binary;
using CardOS.FileSystem;

namespace CardOS.Applets.BankHierarchy;

/// <summary>One transparent EF of the bank applet as the card logic uses it: big-endian helpers over a <see cref="TransparentFile"/>.</summary>
internal sealed class BankFile
{
    private readonly TransparentFile _file;

    public BankFile(TransparentFile file)
    {
        _file = file;
    }

    public int Size => _file.Size;

    /// <summary>The whole content (a view valid until the next write).</summary>
    public ReadOnlySpan<byte> Content => _file.Content;

    public ReadOnlySpan<byte> Read(int offset, int length) => _file.Read(offset, length);

    /// <summary>Writes atomically; inside a transaction the write is part of it.</summary>
    public void Update(int offset, ReadOnlySpan<byte> data) => _file.Update(offset, data);

    public ushort ReadUInt16(int offset) => BinaryPrimitives.ReadUInt16BigEndian(Read(offset, 2));

    public uint ReadUInt24(int offset) => BankBalance.ReadUInt24(Read(offset, 3));

    public uint ReadUInt32(int offset) => BinaryPrimitives.ReadUInt32BigEndian(Read(offset, 4));

    public void UpdateUInt16(int offset, ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        Update(offset, bytes);
    }

    public void UpdateUInt32(int offset, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        Update(offset, bytes);
    }
}
