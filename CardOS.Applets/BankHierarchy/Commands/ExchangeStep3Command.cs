using CardOS.Apdu;

namespace CardOS.Applets.BankHierarchy.Commands;

/// <summary>EXCHANGE STEP 3 (<c>80 56 00 00</c>) on the receiving card: P4 or P6. The card credits; no data comes back.</summary>
public sealed class ExchangeStep3Command
{
    private readonly byte[] _packet;

    /// <summary>Relays the paying card's last packet.</summary>
    public ExchangeStep3Command(ReadOnlySpan<byte> packet)
    {
        _packet = packet.ToArray();
    }

    /// <summary>The command APDU.</summary>
    public CommandApdu CreateCommandApdu() => new(BankInstructions.ProprietaryClass, BankInstructions.ExchangeStep3, 0x00, 0x00, _packet);

    /// <summary>Reads the answer.</summary>
    public static BankResponse CreateResponse(ResponseApdu response) => new(response);
}
