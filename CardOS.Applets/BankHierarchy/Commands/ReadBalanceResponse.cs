using CardOS.Apdu;

namespace CardOS.Applets.BankHierarchy.Commands;

/// <summary>BALANCE's 24 bytes.</summary>
public sealed class ReadBalanceResponse : BankResponse
{
    /// <summary>Reads <paramref name="response"/>.</summary>
    public ReadBalanceResponse(ResponseApdu response)
        : base(response)
    {
    }

    /// <summary>The decoded file (the checksum is not verified: that needs the CHECK_KEY).</summary>
    public BankBalance Balance => BankBalance.TryRead(DataOfLength(BankBalance.Size), out BankBalance balance)
        ? balance
        : throw new FormatException("BALANCE's check bits or date are invalid.");
}
