using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>Purse GET DATA: <c>80 CA 00 00 00</c>.</summary>
public sealed class GetPurseDataCommand : IPurseCommand<GetPurseDataResponse>
{
    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() => new(PurseInstructions.ProprietaryClass, PurseInstructions.GetData, 0x00, 0x00, ne: 256);

    /// <inheritdoc />
    public GetPurseDataResponse CreateResponseForApdu(ResponseApdu responseApdu) => new(responseApdu);
}
