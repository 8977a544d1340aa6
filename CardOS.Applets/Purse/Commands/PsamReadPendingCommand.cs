using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>PSAM READ PENDING: <c>80 78 slot 00 00</c>.</summary>
public sealed class PsamReadPendingCommand : IPurseCommand<PsamReadPendingResponse>
{
    private readonly byte _slot;

    /// <summary>Reads pending slot <paramref name="slot"/> (0 to <see cref="PsamApplet.PendingCapacity"/> - 1).</summary>
    public PsamReadPendingCommand(int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(slot, 255);
        _slot = (byte)slot;
    }

    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() => new(PurseInstructions.ProprietaryClass, PurseInstructions.PsamReadPending, _slot, 0x00, ne: 256);

    /// <inheritdoc />
    public PsamReadPendingResponse CreateResponseForApdu(ResponseApdu responseApdu) => new(responseApdu);
}
