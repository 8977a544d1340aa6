using CardOS.Apdu;

namespace CardOS.Applets.BankHierarchy.Commands;

/// <summary>READ RECORD of PASSBOOK by its short EF identifier (<c>00 B2 nn 24 24</c>; record 1 is the newest). Needs the PIN.</summary>
public sealed class ReadPassbookCommand
{
    /// <summary>Reads record <paramref name="number"/> (1-50).</summary>
    public ReadPassbookCommand(int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, PassbookEntry.Capacity);
        Number = number;
    }

    /// <summary>The record number.</summary>
    public int Number { get; }

    /// <summary>The command APDU.</summary>
    public CommandApdu CreateCommandApdu() => new(0x00, 0xB2, (byte)Number, (byte)((BankFileIds.PassbookSfi << 3) | 0x04), default, PassbookEntry.Size);

    /// <summary>Reads the answer.</summary>
    public static ReadPassbookResponse CreateResponse(ResponseApdu response) => new(response);
}
