using System.Diagnostics;
using CardOS.Apdu;

namespace CardOS.Cli.Commands;

/// <summary>Sends commands over a channel and prints each exchange: command, response, status word, time.</summary>
internal sealed class ApduTracePrinter(ICardChannel channel, TextWriter output)
{
    public void Section(string title)
    {
        output.WriteLine();
        output.WriteLine($"== {title}");
    }

    public ResponseApdu Send(string commandHex, string description)
    {
        byte[] command = Hex.Decode(commandHex);
        long start = Stopwatch.GetTimestamp();
        ResponseApdu response = channel.Transmit(command.AsSpan());
        TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
        output.WriteLine($"-- {description}");
        output.WriteLine($"   > {Hex.Encode(command)}");
        output.WriteLine($"   < {Hex.Encode(response.Data.Span)} {response.StatusWord}  ({elapsed.TotalMicroseconds:F0} us)");
        return response;
    }
}
