using CardOS.Apdu;

namespace CardOS.Applets.BankHierarchy.Commands;

/// <summary>ROLL KEYS (<c>80 42 00 00 08</c>) on the center card (holder key verified): new date and daily rate.</summary>
public sealed class RollKeysCommand
{
    /// <summary>Rolls the keys over to <paramref name="date"/>, setting INTEREST to <paramref name="rate"/>.</summary>
    public RollKeysCommand(BankDate date, uint rate)
    {
        Date = date;
        Rate = rate;
    }

    /// <summary>The new KEY_INFO date.</summary>
    public BankDate Date { get; }

    /// <summary>The new daily rate (10⁻⁹ per day).</summary>
    public uint Rate { get; }

    /// <summary>The command APDU.</summary>
    public CommandApdu CreateCommandApdu()
    {
        byte[] data = new byte[8];
        Date.WriteTo(data);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), Rate);
        return new CommandApdu(BankInstructions.ProprietaryClass, BankInstructions.RollKeys, 0x00, 0x00, data, 256);
    }

    /// <summary>Reads the answer.</summary>
    public static RollKeysResponse CreateResponse(ResponseApdu response) => new(response);
}
