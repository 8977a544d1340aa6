namespace CardOS.Reader.Vpcd;

/// <summary>One command APDU a slot received through vpcd and the response it sent back.</summary>
public sealed class VpcdExchangeEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    public VpcdExchangeEventArgs(int slot, ReadOnlyMemory<byte> command, ReadOnlyMemory<byte> response, TimeSpan elapsed)
    {
        Slot = slot;
        Command = command;
        Response = response;
        Elapsed = elapsed;
    }

    /// <summary>The vpcd slot (0 for the first reader).</summary>
    public int Slot { get; }

    /// <summary>The command APDU as vpcd framed it.</summary>
    public ReadOnlyMemory<byte> Command { get; }

    /// <summary>The response APDU (data then SW1-SW2); empty when the card was mute and the link was dropped.</summary>
    public ReadOnlyMemory<byte> Response { get; }

    /// <summary>The time from the command's arrival to the response's departure, card time included.</summary>
    public TimeSpan Elapsed { get; }
}
