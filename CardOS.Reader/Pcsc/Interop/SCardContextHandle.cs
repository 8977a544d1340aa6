using System.Runtime.InteropServices;

namespace CardOS.Reader.Pcsc.Interop;

/// <summary>An SCARDCONTEXT, released with SCardReleaseContext.</summary>
internal sealed class SCardContextHandle : SafeHandle
{
    private readonly IPcscApi _api;

    public SCardContextHandle(IPcscApi api, nint context)
        : base(invalidHandleValue: 0, ownsHandle: true)
    {
        _api = api;
        SetHandle(context);
    }

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle() => _api.ReleaseContext(handle) == SCardError.Success;
}
