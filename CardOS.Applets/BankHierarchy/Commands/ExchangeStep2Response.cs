using CardOS.Apdu;

namespace CardOS.Applets.BankHierarchy.Commands;

/// <summary>EXCHANGE STEP 2's answer: P4 (payment) or P6 (interest).</summary>
public sealed class ExchangeStep2Response : BankResponse
{
    /// <summary>Reads <paramref name="response"/>.</summary>
    public ExchangeStep2Response(ResponseApdu response)
        : base(response)
    {
    }

    /// <summary>P4 or P6.</summary>
    public byte[] Packet => SuccessData.ToArray();
}
