namespace CardOS.Apdu;

/// <summary>
/// A channel decorator that hides T=0 mechanics from host-side drivers: it follows <c>61xx</c> with GET RESPONSE
/// until the whole answer is collected, and resends a command answered <c>6Cxx</c> with the exact Le.
/// Drivers then see one response per command whatever the card's protocol.
/// </summary>
public sealed class GetResponseChannel : ICardChannel
{
    private const int MaxGetResponseRounds = 1024;
    private readonly ICardChannel _inner;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public GetResponseChannel(ICardChannel inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
    }

    /// <inheritdoc />
    public int Transmit(ReadOnlySpan<byte> command, Span<byte> response)
    {
        int length = _inner.Transmit(command, response);
        StatusWord statusWord = StatusWord.ReadFrom(response[..length]);

        // ISO/IEC 7816-3 12.2.2: 6Cxx asks for the same command with Le = xx.
        if (statusWord.Sw1 == 0x6C && command.Length >= 5)
        {
            byte[] resend = command.ToArray();
            resend[^1] = statusWord.Sw2;
            length = _inner.Transmit(resend, response);
            statusWord = StatusWord.ReadFrom(response[..length]);
        }

        // ISO/IEC 7816-4 7.6.1: collect the rest with GET RESPONSE on the command's channel.
        int collected = length - 2;
        Span<byte> getResponse = [(byte)(command.Length > 0 ? command[0] & 0x03 : 0), 0xC0, 0x00, 0x00, 0x00];
        if (command.Length > 0 && (command[0] & 0x40) != 0)
            getResponse[0] = (byte)(0x40 | (command[0] & 0x0F));
        for (int round = 0; statusWord.Sw1 == 0x61 && round < MaxGetResponseRounds; round++)
        {
            getResponse[4] = statusWord.Sw2;
            length = _inner.Transmit(getResponse, response[collected..]);
            statusWord = StatusWord.ReadFrom(response.Slice(collected, length));
            collected += length - 2;
        }

        return collected + 2;
    }
}
