using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>An answer that carries only a status word (SELECT, UPDATE PARAMETERS).</summary>
public sealed class StatusResponse : PurseResponse
{
    /// <summary>Reads the answer.</summary>
    public StatusResponse(ResponseApdu responseApdu)
        : base(responseApdu, 0)
    {
    }
}
