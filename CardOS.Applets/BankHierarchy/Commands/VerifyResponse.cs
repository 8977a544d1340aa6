using CardOS.Apdu;

namespace CardOS.Applets.BankHierarchy.Commands;

/// <summary>VERIFY's answer: 9000, 63Cx (x tries left) or 6983 (blocked).</summary>
public sealed class VerifyResponse : BankResponse
{
    /// <summary>Reads <paramref name="response"/>.</summary>
    public VerifyResponse(ResponseApdu response)
        : base(response)
    {
    }

    /// <summary>Tries left after a wrong value (63Cx); null when the answer was not 63Cx.</summary>
    public int? TriesLeft => StatusWord.Sw1 == 0x63 && (StatusWord.Sw2 & 0xF0) == 0xC0 ? StatusWord.Sw2 & 0x0F : null;
}
