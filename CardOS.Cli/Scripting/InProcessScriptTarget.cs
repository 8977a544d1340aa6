using CardOS.Apdu;
using CardOS.Runtime;

namespace CardOS.Cli.Scripting;

/// <summary>A script target for a card in this process: full power control and power cuts.</summary>
internal sealed class InProcessScriptTarget(Card card) : IScriptTarget
{
    public int Transmit(ReadOnlySpan<byte> command, Span<byte> response)
    {
        int length = card.Transmit(command, response);
        return length > 0 ? length : throw new CardConnectionException("The card is mute: it is unpowered or lost power during the command.");
    }

    public byte[] PowerUp() => card.PowerOn();

    public void PowerDown() => card.PowerOff();

    public byte[] Reset() => card.Reset();

    public void SchedulePowerCut(int writes) => card.Eeprom.ScheduleTear(writes);
}
