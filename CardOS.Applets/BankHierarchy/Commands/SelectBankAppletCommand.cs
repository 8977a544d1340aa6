using CardOS.Apdu;

namespace CardOS.Applets.BankHierarchy.Commands;

/// <summary>SELECT the bank applet by AID (<c>00 A4 04 0C</c>, no FCI).</summary>
public sealed class SelectBankAppletCommand
{
    /// <summary>Selects <paramref name="aid"/>, <see cref="BankCardApplet.DefaultAid"/> when null.</summary>
    public SelectBankAppletCommand(Aid? aid = null)
    {
        Aid = aid ?? BankCardApplet.DefaultAid;
    }

    /// <summary>The AID selected.</summary>
    public Aid Aid { get; }

    /// <summary>The command APDU.</summary>
    public CommandApdu CreateCommandApdu() => new(0x00, 0xA4, 0x04, 0x0C, Aid.Span);

    /// <summary>Reads the answer.</summary>
    public static BankResponse CreateResponse(ResponseApdu response) => new(response);
}
