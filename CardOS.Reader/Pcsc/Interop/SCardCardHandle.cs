using System.Runtime.InteropServices;

namespace CardOS.Reader.Pcsc.Interop;

/// <summary>An SCARDHANDLE, disconnected with SCardDisconnect and the <see cref="Disposition"/> set before disposal.</summary>
internal sealed class SCardCardHandle : SafeHandle
{
    private readonly IPcscApi _api;

    public SCardCardHandle(IPcscApi api, nint card)
        : base(invalidHandleValue: 0, ownsHandle: true)
    {
        _api = api;
        SetHandle(card);
    }

    /// <summary>What SCardDisconnect does with the card when the handle is released.</summary>
    public SCardReaderDisposition Disposition { get; set; } = SCardReaderDisposition.Leave;

    /// <summary>The result of the SCardDisconnect that released the handle.</summary>
    public SCardError DisconnectResult { get; private set; }

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        DisconnectResult = _api.Disconnect(handle, Disposition);

        // A card already removed, or a pcscd that went away, leaves nothing to disconnect: the handle is gone either way.
        return true;
    }
}
