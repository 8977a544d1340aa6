using CardOS.Reader.Pcsc;

namespace CardOS.Cli.Scripting;

/// <summary>A script target behind a PC/SC reader: power control through reconnects; no power cuts.</summary>
internal sealed class PcscScriptTarget(PcscCardChannel channel) : IScriptTarget
{
    public int Transmit(ReadOnlySpan<byte> command, Span<byte> response) => channel.Transmit(command, response);

    public byte[] PowerUp()
    {
        channel.Reconnect(channel.ShareMode, SCardProtocol.Any, SCardReaderDisposition.Unpower);
        return channel.GetStatus().Atr;
    }

    public void PowerDown() => channel.Reconnect(channel.ShareMode, SCardProtocol.Any, SCardReaderDisposition.Unpower);

    public byte[] Reset()
    {
        channel.Reconnect(channel.ShareMode, SCardProtocol.Any, SCardReaderDisposition.Reset);
        return channel.GetStatus().Atr;
    }

    public void SchedulePowerCut(int writes) =>
        throw new NotSupportedException("powercut needs a card in this process (--card), not one behind a PC/SC reader.");
}
