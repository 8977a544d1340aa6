using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>PSAM GET DATA: <c>80 CA 00 00 00</c>.</summary>
public sealed class PsamGetDataCommand : IPurseCommand<PsamGetDataResponse>
{
    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() => new(PurseInstructions.ProprietaryClass, PurseInstructions.GetData, 0x00, 0x00, ne: 256);

    /// <inheritdoc />
    public PsamGetDataResponse CreateResponseForApdu(ResponseApdu responseApdu) => new(responseApdu);
}
