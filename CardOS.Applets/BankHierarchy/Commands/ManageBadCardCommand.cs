using CardOS.Apdu;

namespace CardOS.Applets.BankHierarchy.Commands;

/// <summary>MANAGE BAD CARD (<c>80 46 P1 00 04</c>) on a bank card (holder key verified): P1 01 adds, 02 removes.</summary>
public sealed class ManageBadCardCommand
{
    /// <summary>Adds (or removes) the last 8 digits of <paramref name="account"/>.</summary>
    public ManageBadCardCommand(AccountNumber account, bool add = true)
    {
        Account = account;
        Add = add;
    }

    /// <summary>The account.</summary>
    public AccountNumber Account { get; }

    /// <summary>True to add, false to remove.</summary>
    public bool Add { get; }

    /// <summary>The command APDU.</summary>
    public CommandApdu CreateCommandApdu()
    {
        uint entry = Account.LastEightDigits;
        return new CommandApdu(BankInstructions.ProprietaryClass, BankInstructions.ManageBadCard, Add ? (byte)1 : (byte)2, 0x00, [(byte)(entry >> 24), (byte)(entry >> 16), (byte)(entry >> 8), (byte)entry]);
    }

    /// <summary>Reads the answer.</summary>
    public static BankResponse CreateResponse(ResponseApdu response) => new(response);
}
