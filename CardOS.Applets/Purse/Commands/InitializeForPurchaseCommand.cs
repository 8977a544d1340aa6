using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>Purse INITIALIZE FOR PURCHASE: <c>80 50 00 00 00</c>.</summary>
public sealed class InitializeForPurchaseCommand : IPurseCommand<InitializeForPurchaseResponse>
{
    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() => new(PurseInstructions.ProprietaryClass, PurseInstructions.InitializeForPurchase, 0x00, 0x00, ne: 256);

    /// <inheritdoc />
    public InitializeForPurchaseResponse CreateResponseForApdu(ResponseApdu responseApdu) => new(responseApdu);
}
