using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>PSAM SETTLE: <c>80 7C 00 00 00</c>.</summary>
public sealed class PsamSettleCommand : IPurseCommand<PsamSettleResponse>
{
    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() => new(PurseInstructions.ProprietaryClass, PurseInstructions.PsamSettle, 0x00, 0x00, ne: 256);

    /// <inheritdoc />
    public PsamSettleResponse CreateResponseForApdu(ResponseApdu responseApdu) => new(responseApdu);
}
