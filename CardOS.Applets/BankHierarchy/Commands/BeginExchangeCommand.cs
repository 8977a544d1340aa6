using CardOS.Apdu;

namespace CardOS.Applets.BankHierarchy.Commands;

/// <summary>BEGIN EXCHANGE (<c>80 50 P1 00</c>): starts the card's part in a payment or an interest transaction.</summary>
public sealed class BeginExchangeCommand
{
    /// <summary>Starts <paramref name="mode"/>; <paramref name="amount"/> for payments, <paramref name="peerKeyNumber"/> for the paying or giving card.</summary>
    public BeginExchangeCommand(ExchangeMode mode, uint amount = 0, byte peerKeyNumber = 0)
    {
        if (amount > BankBalance.MaxAmount)
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "Amounts have 24 bits.");
        Mode = mode;
        Amount = amount;
        PeerKeyNumber = peerKeyNumber;
    }

    /// <summary>P1.</summary>
    public ExchangeMode Mode { get; }

    /// <summary>The payment's amount.</summary>
    public uint Amount { get; }

    /// <summary>The other card's APPKEY0 number (pay, give interest).</summary>
    public byte PeerKeyNumber { get; }

    /// <summary>The command APDU.</summary>
    public CommandApdu CreateCommandApdu()
    {
        byte[] amount = [(byte)(Amount >> 16), (byte)(Amount >> 8), (byte)Amount];
        byte[] data = Mode switch
        {
            ExchangeMode.ReceivePayment => amount,
            ExchangeMode.Pay => [.. amount, PeerKeyNumber],
            ExchangeMode.ReceiveInterest => [],
            _ => [PeerKeyNumber],
        };
        return new CommandApdu(BankInstructions.ProprietaryClass, BankInstructions.BeginExchange, (byte)Mode, 0x00, data, 256);
    }

    /// <summary>Reads the answer.</summary>
    public static BeginExchangeResponse CreateResponse(ResponseApdu response) => new(response);
}
