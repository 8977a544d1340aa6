using CardOS.Apdu;

namespace CardOS.Applets.BankHierarchy.Commands;

/// <summary>GET CARD STATUS (<c>80 30 00 00 00</c>).</summary>
public sealed class GetCardStatusCommand
{
    /// <summary>The command APDU.</summary>
    public static CommandApdu CreateCommandApdu() => new(BankInstructions.ProprietaryClass, BankInstructions.GetCardStatus, 0x00, 0x00, default, 256);

    /// <summary>Reads the answer.</summary>
    public static GetCardStatusResponse CreateResponse(ResponseApdu response) => new(response);
}
