namespace CardOS.Apdu;

/// <summary>Convenient ways to talk over an <see cref="ICardChannel"/>: command objects, raw bytes and hex.</summary>
public static class CardChannelExtensions
{
    /// <summary>The size of a buffer that holds any response APDU.</summary>
    public const int MaxResponseLength = CommandApduView.MaxNe + 2;

    /// <summary>Sends a command APDU, encoded in its shortest form.</summary>
    public static ResponseApdu Transmit(this ICardChannel channel, CommandApdu command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return channel.Transmit(command.ToArray().AsSpan());
    }

    /// <summary>Sends encoded command bytes.</summary>
    public static ResponseApdu Transmit(this ICardChannel channel, ReadOnlySpan<byte> command)
    {
        ArgumentNullException.ThrowIfNull(channel);
        byte[] response = new byte[MaxResponseLength];
        int length = channel.Transmit(command, response);
        return ResponseApdu.Parse(response.AsSpan(0, length));
    }

    /// <summary>Sends a command given as hex digits (spaces allowed), for example "00A4040007A0000000041010".</summary>
    public static ResponseApdu Transmit(this ICardChannel channel, string hex) => channel.Transmit(Hex.Decode(hex).AsSpan());
}
