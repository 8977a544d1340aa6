using CardOS.Apdu;

namespace CardOS.Applets.BankHierarchy.Commands;

/// <summary>ROLL KEYS' answer: the new APPKEY0 number.</summary>
public sealed class RollKeysResponse : BankResponse
{
    /// <summary>Reads <paramref name="response"/>.</summary>
    public RollKeysResponse(ResponseApdu response)
        : base(response)
    {
    }

    /// <summary>The new APPKEY0 number.</summary>
    public byte KeyNumber => DataOfLength(1)[0];
}
