using System.Buffers.Binary;
using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>
/// A card's answer to a purse-family command: the status word, and on 9000 the data fields the subclass names.
/// Reading a field of a failed response throws <see cref="IsoException"/> with its status word.
/// </summary>
public abstract class PurseResponse : CommandResponse
{
    /// <summary>Reads <paramref name="responseApdu"/>; on 9000 its data must be <paramref name="expectedLength"/> bytes.</summary>
    /// <exception cref="FormatException">9000 with data of another length.</exception>
    protected PurseResponse(ResponseApdu responseApdu, int expectedLength)
        : base(responseApdu)
    {
        if (IsSuccess && responseApdu.Data.Length != expectedLength)
            throw new FormatException($"{GetType().Name}: expected {expectedLength} data bytes with 9000, got {responseApdu.Data.Length}.");
    }

    /// <summary>The response data (empty unless 9000).</summary>
    public ReadOnlyMemory<byte> Data => IsSuccess ? Response.Data : ReadOnlyMemory<byte>.Empty;

    /// <summary>A copy of the data bytes [offset, offset + length), after <see cref="CommandResponse.ThrowIfFailed"/>.</summary>
    protected byte[] ReadBytes(int offset, int length) => SuccessData.Slice(offset, length).ToArray();

    /// <summary>The data byte at <paramref name="offset"/>, after <see cref="CommandResponse.ThrowIfFailed"/>.</summary>
    protected byte ReadByte(int offset) => SuccessData[offset];

    /// <summary>A big-endian 16-bit field, after <see cref="CommandResponse.ThrowIfFailed"/>.</summary>
    protected ushort ReadUInt16(int offset) => BinaryPrimitives.ReadUInt16BigEndian(SuccessData[offset..]);

    /// <summary>A big-endian 32-bit field, after <see cref="CommandResponse.ThrowIfFailed"/>.</summary>
    protected uint ReadUInt32(int offset) => BinaryPrimitives.ReadUInt32BigEndian(SuccessData[offset..]);

    /// <summary>A big-endian 64-bit field, after <see cref="CommandResponse.ThrowIfFailed"/>.</summary>
    protected ulong ReadUInt64(int offset) => BinaryPrimitives.ReadUInt64BigEndian(SuccessData[offset..]);
}
