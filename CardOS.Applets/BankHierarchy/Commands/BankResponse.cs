using CardOS.Apdu;

namespace CardOS.Applets.BankHierarchy.Commands;

/// <summary>A bank applet response: its status word, and its data once the status word says success.</summary>
public class BankResponse : CommandResponse
{
    /// <summary>Wraps <paramref name="response"/>.</summary>
    public BankResponse(ResponseApdu response)
        : base(response)
    {
    }
}
