namespace CardOS.Reader.Pcsc.Interop;

/// <summary>
/// The PC/SC calls CardOS makes, in platform-neutral types. One implementation per native library (pcsc-lite on
/// Linux, winscard on Windows) deals with its ABI: DWORD and LONG widths, structure layouts, constants that differ.
/// Every method returns the native result code; callers pass it through <see cref="SCardErrorExtensions.ThrowIfNotSuccess"/>.
/// </summary>
internal interface IPcscApi
{
    SCardError EstablishContext(SCardScope scope, out nint context);

    SCardError ReleaseContext(nint context);

    SCardError IsValidContext(SCardContextHandle context);

    SCardError ListReaders(SCardContextHandle context, out string[] readers);

    SCardError Connect(SCardContextHandle context, string reader, SCardShareMode shareMode, SCardProtocol preferred, out nint card, out SCardProtocol active);

    SCardError Reconnect(SCardCardHandle card, SCardShareMode shareMode, SCardProtocol preferred, SCardReaderDisposition initialization, out SCardProtocol active);

    SCardError Disconnect(nint card, SCardReaderDisposition disposition);

    SCardError BeginTransaction(SCardCardHandle card);

    SCardError EndTransaction(SCardCardHandle card, SCardReaderDisposition disposition);

    SCardError Status(SCardCardHandle card, out SCardReaderStatus status);

    /// <summary>Waits up to <paramref name="timeoutMilliseconds"/> (<see cref="uint.MaxValue"/>: forever) for a reader's state to differ from the caller's.</summary>
    SCardError GetStatusChange(SCardContextHandle context, uint timeoutMilliseconds, IList<SCardReaderState> states);

    SCardError Transmit(SCardCardHandle card, SCardProtocol protocol, ReadOnlySpan<byte> command, Span<byte> response, out int received);

    SCardError Cancel(SCardContextHandle context);
}
