using CardOS.Apdu;

namespace CardOS.Applets.BankHierarchy.Commands;

/// <summary>READ BINARY of BALANCE by its short EF identifier (<c>00 B0 82 00 18</c>).</summary>
public sealed class ReadBalanceCommand
{
    /// <summary>The command APDU.</summary>
    public static CommandApdu CreateCommandApdu() => new(0x00, 0xB0, 0x80 | BankFileIds.BalanceSfi, 0x00, default, BankBalance.Size);

    /// <summary>Reads the answer.</summary>
    public static ReadBalanceResponse CreateResponse(ResponseApdu response) => new(response);
}
