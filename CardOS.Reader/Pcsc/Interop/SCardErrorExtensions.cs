namespace CardOS.Reader.Pcsc.Interop;

/// <summary>The one place a native result becomes an exception.</summary>
internal static class SCardErrorExtensions
{
    /// <summary>Throws the <see cref="PcscException"/> (or subclass) for <paramref name="error"/> unless it is success.</summary>
    public static void ThrowIfNotSuccess(this SCardError error)
    {
        if (error != SCardError.Success)
            throw PcscException.FromError(error);
    }

    /// <summary>Maps a native LONG (32 or 64 bits wide) to the 32-bit code it carries.</summary>
    public static SCardError ToSCardError(this nint result) => (SCardError)unchecked((uint)result);

    /// <summary>Maps a native 32-bit LONG to its code.</summary>
    public static SCardError ToSCardError(this int result) => (SCardError)unchecked((uint)result);
}
