using CardOS.Apdu;

namespace CardOS.Applets.BankHierarchy.Commands;

/// <summary>EXCHANGE STEP 1 (<c>80 52 00 00</c>) on the receiving card: AK0 number ‖ P1.</summary>
public sealed class ExchangeStep1Command
{
    private readonly byte[] _p1;

    /// <summary>Relays the paying card's AK0 number and P1.</summary>
    public ExchangeStep1Command(byte ak0, ReadOnlySpan<byte> p1)
    {
        Ak0 = ak0;
        _p1 = p1.ToArray();
    }

    /// <summary>The AK0 number.</summary>
    public byte Ak0 { get; }

    /// <summary>The command APDU.</summary>
    public CommandApdu CreateCommandApdu() => new(BankInstructions.ProprietaryClass, BankInstructions.ExchangeStep1, 0x00, 0x00, [Ak0, .. _p1], 256);

    /// <summary>Reads the answer: P2 ‖ P3 or P2 ‖ P5.</summary>
    public static ExchangeStep1Response CreateResponse(ResponseApdu response, CryptoProfile profile) => new(response, profile);
}
