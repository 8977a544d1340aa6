using System.Runtime.InteropServices;

namespace CardOS.Reader.Pcsc.Interop;

/// <summary>
/// winscard.dll on Windows: DWORD and LONG are 32 bits wide; SCARDCONTEXT and SCARDHANDLE are pointer-sized.
/// The ANSI ("A") entry points are used; reader names are ASCII in practice.
/// </summary>
internal sealed partial class WinSCardApi : IPcscApi
{
    private const string Library = "winscard.dll";

    // winscard.h / winsmcrd.h.
    private const int MaxAtrSize = 36;
    private const int MaxReaderName = 256;
    private const int MaxBufferSizeExtended = 4 + 3 + (1 << 16) + 3 + 2;

    public SCardError EstablishContext(SCardScope scope, out nint context) =>
        SCardEstablishContext((uint)scope, 0, 0, out context).ToSCardError();

    public SCardError ReleaseContext(nint context) => SCardReleaseContext(context).ToSCardError();

    public SCardError IsValidContext(SCardContextHandle context) => SCardIsValidContext(context).ToSCardError();

    public unsafe SCardError ListReaders(SCardContextHandle context, out string[] readers)
    {
        readers = [];
        uint length = 0;
        SCardError error = SCardListReadersA(context, null, null, ref length).ToSCardError();
        if (error != SCardError.Success)
            return error;

        byte[] buffer = new byte[(int)length];
        fixed (byte* names = buffer)
            error = SCardListReadersA(context, null, names, ref length).ToSCardError();
        if (error == SCardError.Success)
            readers = MultiString.Split(buffer.AsSpan(0, (int)length));
        return error;
    }

    public SCardError Connect(SCardContextHandle context, string reader, SCardShareMode shareMode, SCardProtocol preferred, out nint card, out SCardProtocol active)
    {
        SCardError error = SCardConnectA(context, reader, (uint)shareMode, (uint)preferred, out card, out uint protocol).ToSCardError();
        active = (SCardProtocol)protocol;
        return error;
    }

    public SCardError Reconnect(SCardCardHandle card, SCardShareMode shareMode, SCardProtocol preferred, SCardReaderDisposition initialization, out SCardProtocol active)
    {
        SCardError error = SCardReconnect(card, (uint)shareMode, (uint)preferred, (uint)initialization, out uint protocol).ToSCardError();
        active = (SCardProtocol)protocol;
        return error;
    }

    public SCardError Disconnect(nint card, SCardReaderDisposition disposition) => SCardDisconnect(card, (uint)disposition).ToSCardError();

    public SCardError BeginTransaction(SCardCardHandle card) => SCardBeginTransaction(card).ToSCardError();

    public SCardError EndTransaction(SCardCardHandle card, SCardReaderDisposition disposition) =>
        SCardEndTransaction(card, (uint)disposition).ToSCardError();

    public unsafe SCardError Status(SCardCardHandle card, out SCardReaderStatus status)
    {
        byte* name = stackalloc byte[MaxReaderName + 2];
        byte* atr = stackalloc byte[MaxAtrSize];
        uint nameLength = MaxReaderName + 2;
        uint atrLength = MaxAtrSize;
        SCardError error = SCardStatusA(card, name, ref nameLength, out uint state, out uint protocol, atr, ref atrLength).ToSCardError();
        if (error != SCardError.Success)
        {
            status = new SCardReaderStatus(string.Empty, SCardState.Unknown, SCardProtocol.Unset, []);
            return error;
        }

        // The reader name comes back as a multi-string; the first name is the reader's.
        string[] names = MultiString.Split(new ReadOnlySpan<byte>(name, (int)nameLength));
        status = new SCardReaderStatus(names.Length > 0 ? names[0] : string.Empty, (SCardState)state, (SCardProtocol)protocol, new ReadOnlySpan<byte>(atr, (int)atrLength).ToArray());
        return error;
    }

    public unsafe SCardError GetStatusChange(SCardContextHandle context, uint timeoutMilliseconds, IList<SCardReaderState> states)
    {
        var native = new ReaderState[states.Count];
        try
        {
            for (int i = 0; i < native.Length; i++)
            {
                native[i].Reader = Marshal.StringToCoTaskMemAnsi(states[i].ReaderName);
                native[i].CurrentState = ((uint)states[i].CurrentEventCount << 16) | (uint)states[i].CurrentState;
            }

            SCardError error;
            fixed (ReaderState* pointer = native)
                error = SCardGetStatusChangeA(context, timeoutMilliseconds, pointer, (uint)native.Length).ToSCardError();
            if (error != SCardError.Success)
                return error;

            for (int i = 0; i < native.Length; i++)
            {
                states[i].EventState = (SCRState)(native[i].EventState & 0xFFFF);
                states[i].EventCount = (int)(native[i].EventState >> 16);
                int atrLength = Math.Min((int)native[i].AtrLength, MaxAtrSize);
                fixed (byte* atr = native[i].Atr)
                    states[i].Atr = new ReadOnlySpan<byte>(atr, atrLength).ToArray();
            }

            return error;
        }
        finally
        {
            foreach (ReaderState state in native)
                Marshal.FreeCoTaskMem(state.Reader);
        }
    }

    public unsafe SCardError Transmit(SCardCardHandle card, SCardProtocol protocol, ReadOnlySpan<byte> command, Span<byte> response, out int received)
    {
        var sendPci = new IoRequest { Protocol = (uint)protocol, PciLength = (uint)sizeof(IoRequest) };
        uint length = (uint)Math.Min(response.Length, MaxBufferSizeExtended);
        SCardError error;
        fixed (byte* send = command)
        fixed (byte* receive = response)
            error = SCardTransmit(card, &sendPci, send, (uint)command.Length, null, receive, ref length).ToSCardError();
        received = error == SCardError.Success ? (int)length : 0;
        return error;
    }

    public SCardError Cancel(SCardContextHandle context) => SCardCancel(context).ToSCardError();

    [LibraryImport(Library)]
    private static partial int SCardEstablishContext(uint scope, nint reserved1, nint reserved2, out nint context);

    [LibraryImport(Library)]
    private static partial int SCardReleaseContext(nint context);

    [LibraryImport(Library)]
    private static partial int SCardIsValidContext(SCardContextHandle context);

    [LibraryImport(Library)]
    private static unsafe partial int SCardListReadersA(SCardContextHandle context, byte* groups, byte* readers, ref uint length);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SCardConnectA(SCardContextHandle context, string reader, uint shareMode, uint preferredProtocols, out nint card, out uint activeProtocol);

    [LibraryImport(Library)]
    private static partial int SCardReconnect(SCardCardHandle card, uint shareMode, uint preferredProtocols, uint initialization, out uint activeProtocol);

    [LibraryImport(Library)]
    private static partial int SCardDisconnect(nint card, uint disposition);

    [LibraryImport(Library)]
    private static partial int SCardBeginTransaction(SCardCardHandle card);

    [LibraryImport(Library)]
    private static partial int SCardEndTransaction(SCardCardHandle card, uint disposition);

    [LibraryImport(Library)]
    private static unsafe partial int SCardStatusA(SCardCardHandle card, byte* readerNames, ref uint readerLength, out uint state, out uint protocol, byte* atr, ref uint atrLength);

    [LibraryImport(Library)]
    private static unsafe partial int SCardGetStatusChangeA(SCardContextHandle context, uint timeout, ReaderState* states, uint count);

    [LibraryImport(Library)]
    private static unsafe partial int SCardTransmit(SCardCardHandle card, IoRequest* sendPci, byte* send, uint sendLength, IoRequest* receivePci, byte* receive, ref uint receiveLength);

    [LibraryImport(Library)]
    private static partial int SCardCancel(SCardContextHandle context);

    /// <summary>SCARD_IO_REQUEST: two DWORDs.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct IoRequest
    {
        public uint Protocol;
        public uint PciLength;
    }

    /// <summary>SCARD_READERSTATEA: pointers, three DWORDs, and 36 bytes of ATR.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct ReaderState
    {
        public nint Reader;
        public nint UserData;
        public uint CurrentState;
        public uint EventState;
        public uint AtrLength;
        public fixed byte Atr[MaxAtrSize];
    }
}
