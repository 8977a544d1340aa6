using CardOS.Apdu;

namespace CardOS.Tests.Purse;

/// <summary>Records every exchange as "tag: command &gt; response" in hex.</summary>
public sealed class TracingChannel(ICardChannel inner, char tag, List<string> trace) : ICardChannel
{
    public int Transmit(ReadOnlySpan<byte> command, Span<byte> response)
    {
        int length = inner.Transmit(command, response);
        trace.Add($"{tag}:{Hex.Encode(command)} > {Hex.Encode(response[..length])}");
        return length;
    }
}
