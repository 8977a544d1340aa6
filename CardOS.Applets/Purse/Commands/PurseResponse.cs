using System.Buffers.Binary;
using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>
/// A card's answer to a purse-family command: the status word, and on 9000 the data fields the subclass names.
/// Reading a field of a failed response throws <see cref="IsoException"/> with its status word.
/// </summary>
public abstract class PurseResponse
{
    private readonly byte[] _data;

    /// <summary>Reads <paramref name="responseApdu"/>; on 9000 its data must be <paramref name="expectedLength"/> bytes.</summary>
    /// <exception cref="FormatException">9000 with data of another length.</exception>
    protected PurseResponse(ResponseApdu responseApdu, int expectedLength)
    {
        ArgumentNullException.ThrowIfNull(responseApdu);
        StatusWord = responseApdu.StatusWord;
        _data = responseApdu.Data.ToArray();
        if (IsSuccess && _data.Length != expectedLength)
            throw new FormatException($"{GetType().Name}: expected {expectedLength} data bytes with 9000, got {_data.Length}.");
    }

    /// <summary>The status word.</summary>
    public StatusWord StatusWord { get; }

    /// <summary>True for 9000.</summary>
    public bool IsSuccess => StatusWord == StatusWord.Success;

    /// <summary>The response data (empty unless 9000).</summary>
    public ReadOnlyMemory<byte> Data => _data;

    /// <summary>Throws <see cref="IsoException"/> unless the status word is 9000.</summary>
    public void ThrowIfFailed()
    {
        if (!IsSuccess)
            throw new IsoException(StatusWord);
    }

    /// <summary>A copy of the data bytes [offset, offset + length), after <see cref="ThrowIfFailed"/>.</summary>
    protected byte[] ReadBytes(int offset, int length)
    {
        ThrowIfFailed();
        return _data.AsSpan(offset, length).ToArray();
    }

    /// <summary>The data byte at <paramref name="offset"/>, after <see cref="ThrowIfFailed"/>.</summary>
    protected byte ReadByte(int offset)
    {
        ThrowIfFailed();
        return _data[offset];
    }

    /// <summary>A big-endian 16-bit field, after <see cref="ThrowIfFailed"/>.</summary>
    protected ushort ReadUInt16(int offset)
    {
        ThrowIfFailed();
        return BinaryPrimitives.ReadUInt16BigEndian(_data.AsSpan(offset));
    }

    /// <summary>A big-endian 32-bit field, after <see cref="ThrowIfFailed"/>.</summary>
    protected uint ReadUInt32(int offset)
    {
        ThrowIfFailed();
        return BinaryPrimitives.ReadUInt32BigEndian(_data.AsSpan(offset));
    }

    /// <summary>A big-endian 64-bit field, after <see cref="ThrowIfFailed"/>.</summary>
    protected ulong ReadUInt64(int offset)
    {
        ThrowIfFailed();
        return BinaryPrimitives.ReadUInt64BigEndian(_data.AsSpan(offset));
    }
}
