using System.Runtime.InteropServices;
using System.Text;

namespace CardOS.Reader.Pcsc.Interop;

/// <summary>
/// pcsc-lite (libpcsclite.so.1) on Linux. Its DWORD is <c>unsigned long</c> and its LONG is <c>long</c>, 64 bits
/// wide on 64-bit Linux (hence nuint and nint), and SCARDCONTEXT and SCARDHANDLE are LONG too (pcsc-lite wintypes.h).
/// </summary>
internal sealed partial class PcscLiteApi : IPcscApi
{
    private const string Library = "libpcsclite.so.1";

    // pcsc-lite reader.h / pcsclite.h.
    private const int MaxAtrSize = 33;
    private const int MaxReaderName = 128;
    private const int MaxBufferSizeExtended = 4 + 3 + (1 << 16) + 3 + 2;
    private const nuint ProtocolRaw = 4;

    public SCardError EstablishContext(SCardScope scope, out nint context) =>
        SCardEstablishContext((nuint)scope, 0, 0, out context).ToSCardError();

    public SCardError ReleaseContext(nint context) => SCardReleaseContext(context).ToSCardError();

    public SCardError IsValidContext(SCardContextHandle context) => SCardIsValidContext(context).ToSCardError();

    public unsafe SCardError ListReaders(SCardContextHandle context, out string[] readers)
    {
        readers = [];
        nuint length = 0;
        SCardError error = SCardListReaders(context, null, null, ref length).ToSCardError();
        if (error != SCardError.Success)
            return error;

        byte[] buffer = new byte[(int)length];
        fixed (byte* names = buffer)
            error = SCardListReaders(context, null, names, ref length).ToSCardError();
        if (error == SCardError.Success)
            readers = MultiString.Split(buffer.AsSpan(0, (int)length));
        return error;
    }

    public SCardError Connect(SCardContextHandle context, string reader, SCardShareMode shareMode, SCardProtocol preferred, out nint card, out SCardProtocol active)
    {
        SCardError error = SCardConnect(context, reader, (nuint)shareMode, ToNative(preferred), out card, out nuint protocol).ToSCardError();
        active = FromNative(protocol);
        return error;
    }

    public SCardError Reconnect(SCardCardHandle card, SCardShareMode shareMode, SCardProtocol preferred, SCardReaderDisposition initialization, out SCardProtocol active)
    {
        SCardError error = SCardReconnect(card, (nuint)shareMode, ToNative(preferred), (nuint)initialization, out nuint protocol).ToSCardError();
        active = FromNative(protocol);
        return error;
    }

    public SCardError Disconnect(nint card, SCardReaderDisposition disposition) => SCardDisconnect(card, (nuint)disposition).ToSCardError();

    public SCardError BeginTransaction(SCardCardHandle card) => SCardBeginTransaction(card).ToSCardError();

    public SCardError EndTransaction(SCardCardHandle card, SCardReaderDisposition disposition) =>
        SCardEndTransaction(card, (nuint)disposition).ToSCardError();

    public unsafe SCardError Status(SCardCardHandle card, out SCardReaderStatus status)
    {
        byte* name = stackalloc byte[MaxReaderName + 1];
        byte* atr = stackalloc byte[MaxAtrSize];
        nuint nameLength = MaxReaderName + 1;
        nuint atrLength = MaxAtrSize;
        SCardError error = SCardStatus(card, name, ref nameLength, out nuint state, out nuint protocol, atr, ref atrLength).ToSCardError();
        if (error != SCardError.Success)
        {
            status = new SCardReaderStatus(string.Empty, SCardState.Unknown, SCardProtocol.Unset, []);
            return error;
        }

        string readerName = Encoding.UTF8.GetString(name, Math.Max(0, (int)nameLength - 1));
        status = new SCardReaderStatus(readerName, StateFromNative(state), FromNative(protocol), new ReadOnlySpan<byte>(atr, (int)atrLength).ToArray());
        return error;
    }

    public unsafe SCardError GetStatusChange(SCardContextHandle context, uint timeoutMilliseconds, IList<SCardReaderState> states)
    {
        var native = new ReaderState[states.Count];
        try
        {
            for (int i = 0; i < native.Length; i++)
            {
                native[i].Reader = Marshal.StringToCoTaskMemUTF8(states[i].ReaderName);
                native[i].CurrentState = (nuint)(((uint)states[i].CurrentEventCount << 16) | (uint)states[i].CurrentState);
            }

            SCardError error;
            fixed (ReaderState* pointer = native)
                error = SCardGetStatusChange(context, timeoutMilliseconds, pointer, (nuint)native.Length).ToSCardError();
            if (error != SCardError.Success)
                return error;

            for (int i = 0; i < native.Length; i++)
            {
                uint eventState = (uint)native[i].EventState;
                states[i].EventState = (SCRState)(eventState & 0xFFFF);
                states[i].EventCount = (int)(eventState >> 16);
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
        var sendPci = new IoRequest { Protocol = ToNative(protocol), PciLength = (nuint)sizeof(IoRequest) };
        nuint length = (nuint)Math.Min(response.Length, MaxBufferSizeExtended);
        SCardError error;
        fixed (byte* send = command)
        fixed (byte* receive = response)
            error = SCardTransmit(card, &sendPci, send, (nuint)command.Length, null, receive, ref length).ToSCardError();
        received = error == SCardError.Success ? (int)length : 0;
        return error;
    }

    public SCardError Cancel(SCardContextHandle context) => SCardCancel(context).ToSCardError();

    private static nuint ToNative(SCardProtocol protocol)
    {
        nuint value = (nuint)(uint)(protocol & ~SCardProtocol.Raw);
        return (protocol & SCardProtocol.Raw) != 0 ? value | ProtocolRaw : value;
    }

    private static SCardProtocol FromNative(nuint protocol)
    {
        var value = (SCardProtocol)(uint)(protocol & ~ProtocolRaw);
        return (protocol & ProtocolRaw) != 0 ? value | SCardProtocol.Raw : value;
    }

    // pcsc-lite pcsclite.h: SCardStatus reports bits, Windows an ordinal; the highest bit set is the state.
    private static SCardState StateFromNative(nuint state) =>
        (state & 0x40) != 0 ? SCardState.Specific
        : (state & 0x20) != 0 ? SCardState.Negotiable
        : (state & 0x10) != 0 ? SCardState.Powered
        : (state & 0x08) != 0 ? SCardState.Swallowed
        : (state & 0x04) != 0 ? SCardState.Present
        : (state & 0x02) != 0 ? SCardState.Absent
        : SCardState.Unknown;

    [LibraryImport(Library)]
    private static partial nint SCardEstablishContext(nuint scope, nint reserved1, nint reserved2, out nint context);

    [LibraryImport(Library)]
    private static partial nint SCardReleaseContext(nint context);

    [LibraryImport(Library)]
    private static partial nint SCardIsValidContext(SCardContextHandle context);

    [LibraryImport(Library)]
    private static unsafe partial nint SCardListReaders(SCardContextHandle context, byte* groups, byte* readers, ref nuint length);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint SCardConnect(SCardContextHandle context, string reader, nuint shareMode, nuint preferredProtocols, out nint card, out nuint activeProtocol);

    [LibraryImport(Library)]
    private static partial nint SCardReconnect(SCardCardHandle card, nuint shareMode, nuint preferredProtocols, nuint initialization, out nuint activeProtocol);

    [LibraryImport(Library)]
    private static partial nint SCardDisconnect(nint card, nuint disposition);

    [LibraryImport(Library)]
    private static partial nint SCardBeginTransaction(SCardCardHandle card);

    [LibraryImport(Library)]
    private static partial nint SCardEndTransaction(SCardCardHandle card, nuint disposition);

    [LibraryImport(Library)]
    private static unsafe partial nint SCardStatus(SCardCardHandle card, byte* readerName, ref nuint readerLength, out nuint state, out nuint protocol, byte* atr, ref nuint atrLength);

    [LibraryImport(Library)]
    private static unsafe partial nint SCardGetStatusChange(SCardContextHandle context, nuint timeout, ReaderState* states, nuint count);

    [LibraryImport(Library)]
    private static unsafe partial nint SCardTransmit(SCardCardHandle card, IoRequest* sendPci, byte* send, nuint sendLength, IoRequest* receivePci, byte* receive, ref nuint receiveLength);

    [LibraryImport(Library)]
    private static partial nint SCardCancel(SCardContextHandle context);

    /// <summary>SCARD_IO_REQUEST: two unsigned longs.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct IoRequest
    {
        public nuint Protocol;
        public nuint PciLength;
    }

    /// <summary>SCARD_READERSTATE: pointers, three unsigned longs, and MAX_ATR_SIZE (33) bytes of ATR.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct ReaderState
    {
        public nint Reader;
        public nint UserData;
        public nuint CurrentState;
        public nuint EventState;
        public nuint AtrLength;
        public fixed byte Atr[MaxAtrSize];
    }
}
