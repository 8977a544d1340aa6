namespace CardOS.Reader.Pcsc.Interop;

/// <summary>Picks the native PC/SC library for this platform.</summary>
internal static class PcscApi
{
    /// <summary>A new binding to this platform's PC/SC library (stateless; cheap to create).</summary>
    /// <exception cref="PlatformNotSupportedException">Neither Linux nor Windows.</exception>
    public static IPcscApi Create()
    {
        if (OperatingSystem.IsWindows())
            return new WinSCardApi();
        if (OperatingSystem.IsLinux())
            return new PcscLiteApi();
        throw new PlatformNotSupportedException("CardOS's PC/SC binding supports pcsc-lite on Linux and winscard on Windows.");
    }
}
