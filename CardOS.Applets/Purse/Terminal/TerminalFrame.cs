using System.Buffers.Binary;

namespace CardOS.Applets.Purse.Terminal;

/// <summary>
/// The split terminal's wire format: frames of type (1 byte), length (2 bytes, big-endian) and payload, over TCP.
/// The client sends HELLO, then answers each COMMAND with RESPONSE (or CARD ERROR); the server ends with RESULT.
/// </summary>
internal static class TerminalFrame
{
    public const byte Hello = 0x01;
    public const byte Command = 0x02;
    public const byte Response = 0x03;
    public const byte CardError = 0x04;
    public const byte Result = 0x05;

    public const int MaxPayload = 65535;

    public static void Write(Stream stream, byte type, ReadOnlySpan<byte> payload)
    {
        if (payload.Length > MaxPayload)
            throw new ArgumentException("A frame carries at most 65535 bytes.", nameof(payload));
        byte[] frame = new byte[3 + payload.Length];
        frame[0] = type;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(1), (ushort)payload.Length);
        payload.CopyTo(frame.AsSpan(3));
        stream.Write(frame);
        stream.Flush();
    }

    /// <summary>Reads one frame; null at a clean end of stream before a frame begins.</summary>
    /// <exception cref="EndOfStreamException">The stream ended inside a frame.</exception>
    public static (byte Type, byte[] Payload)? Read(Stream stream)
    {
        byte[] header = new byte[3];
        int first = stream.Read(header, 0, 3);
        if (first == 0)
            return null;
        if (first < 3)
            stream.ReadExactly(header, first, 3 - first);
        byte[] payload = new byte[BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(1))];
        stream.ReadExactly(payload);
        return (header[0], payload);
    }
}
