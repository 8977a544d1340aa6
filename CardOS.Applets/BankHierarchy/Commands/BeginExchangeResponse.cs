using CardOS.Apdu;

namespace CardOS.Applets.BankHierarchy.Commands;

/// <summary>BEGIN EXCHANGE's answer: a key number, then P1 for the paying or giving card.</summary>
public sealed class BeginExchangeResponse : BankResponse
{
    /// <summary>Reads <paramref name="response"/>.</summary>
    public BeginExchangeResponse(ResponseApdu response)
        : base(response)
    {
    }

    /// <summary>The receiving card's APPKEY0 number, or the AK0 number the paying card chose.</summary>
    public byte KeyNumber => SuccessData[0];

    /// <summary>P1 (paying or giving card); empty for a receiving card.</summary>
    public byte[] Packet => SuccessData[1..].ToArray();
}
