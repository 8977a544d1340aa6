using CardOS.Apdu;

namespace CardOS.Applets.BankHierarchy.Commands;

/// <summary>EXCHANGE STEP 2 (<c>80 54 00 00</c>) on the paying card: P2 ‖ P3 or P2 ‖ P5. The card debits before it answers.</summary>
public sealed class ExchangeStep2Command
{
    private readonly byte[] _packets;

    /// <summary>Relays the receiving card's packets.</summary>
    public ExchangeStep2Command(ReadOnlySpan<byte> packets)
    {
        _packets = packets.ToArray();
    }

    /// <summary>The command APDU.</summary>
    public CommandApdu CreateCommandApdu() => new(BankInstructions.ProprietaryClass, BankInstructions.ExchangeStep2, 0x00, 0x00, _packets, 256);

    /// <summary>Reads the answer: P4 or P6.</summary>
    public static ExchangeStep2Response CreateResponse(ResponseApdu response) => new(response);
}
