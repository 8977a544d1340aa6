using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>SELECT by DF name (ISO/IEC 7816-4 7.1.1): <c>00 A4 04 00 Lc AID</c>.</summary>
public sealed class SelectApplicationCommand : IPurseCommand<StatusResponse>
{
    private readonly Aid _aid;

    /// <summary>Selects <paramref name="aid"/>.</summary>
    public SelectApplicationCommand(Aid aid)
    {
        ArgumentNullException.ThrowIfNull(aid);
        _aid = aid;
    }

    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() => new(0x00, 0xA4, 0x04, 0x00, _aid.Span);

    /// <inheritdoc />
    public StatusResponse CreateResponseForApdu(ResponseApdu responseApdu) => new(responseApdu);
}
