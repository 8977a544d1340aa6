using CardOS.Apdu;
using CardOS.Reader.Pcsc.Interop;

namespace CardOS.Reader.Pcsc;

/// <summary>
/// A connection to a card through PC/SC (SCardConnect ... SCardDisconnect). It is an <see cref="ICardChannel"/>, so the
/// host-side drivers that run over the in-process reader run over a real reader unchanged.
/// </summary>
public sealed class PcscCardChannel : ICardChannel, IDisposable
{
    private readonly IPcscApi _api;
    private readonly SCardCardHandle _handle;

    internal PcscCardChannel(IPcscApi api, SCardCardHandle handle, string readerName, SCardShareMode shareMode, SCardProtocol activeProtocol)
    {
        _api = api;
        _handle = handle;
        ReaderName = readerName;
        ShareMode = shareMode;
        ActiveProtocol = activeProtocol;
    }

    /// <summary>The reader the card is in.</summary>
    public string ReaderName { get; }

    /// <summary>The share mode of the connection.</summary>
    public SCardShareMode ShareMode { get; private set; }

    /// <summary>The protocol negotiated with the card (T=0 or T=1).</summary>
    public SCardProtocol ActiveProtocol { get; private set; }

    /// <summary>True until <see cref="Disconnect(SCardReaderDisposition)"/> or <see cref="Dispose"/>.</summary>
    public bool IsConnected => !_handle.IsClosed;

    /// <inheritdoc />
    /// <exception cref="RemovedCardException">The card was removed (or its link to the reader dropped).</exception>
    /// <exception cref="ResetCardException">Another connection reset the card: <see cref="Reconnect"/> first.</exception>
    /// <exception cref="PcscException">Another PC/SC error, for example a response longer than <paramref name="response"/>.</exception>
    public int Transmit(ReadOnlySpan<byte> command, Span<byte> response)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        _api.Transmit(_handle, ActiveProtocol, command, response, out int received).ThrowIfNotSuccess();
        if (received < 2)
            throw new PcscException(SCardError.CommunicationError, $"The reader returned {received} bytes, fewer than a status word.");
        return received;
    }

    /// <summary>Re-establishes the connection (SCardReconnect), for example after another application reset the card.</summary>
    /// <param name="shareMode">The share mode from now on.</param>
    /// <param name="preferredProtocols">The acceptable protocols.</param>
    /// <param name="initialization">What to do with the card: leave it, reset it (warm), or unpower it (cold reset).</param>
    public void Reconnect(SCardShareMode shareMode, SCardProtocol preferredProtocols, SCardReaderDisposition initialization)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        _api.Reconnect(_handle, shareMode, preferredProtocols, initialization, out SCardProtocol active).ThrowIfNotSuccess();
        ShareMode = shareMode;
        ActiveProtocol = active;
    }

    /// <summary>The reader's name, the card's state, the protocol and the ATR (SCardStatus).</summary>
    public SCardReaderStatus GetStatus()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        _api.Status(_handle, out SCardReaderStatus status).ThrowIfNotSuccess();
        return status;
    }

    /// <summary>Starts a transaction: other applications wait until <see cref="EndTransaction"/> (SCardBeginTransaction).</summary>
    public void BeginTransaction()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        _api.BeginTransaction(_handle).ThrowIfNotSuccess();
    }

    /// <summary>Ends the transaction (SCardEndTransaction), doing <paramref name="disposition"/> to the card.</summary>
    public void EndTransaction(SCardReaderDisposition disposition = SCardReaderDisposition.Leave)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        _api.EndTransaction(_handle, disposition).ThrowIfNotSuccess();
    }

    /// <summary>Ends the connection (SCardDisconnect), doing <paramref name="disposition"/> to the card. Idempotent.</summary>
    /// <exception cref="PcscException">pcscd refused the disconnection; the handle is released all the same.</exception>
    public void Disconnect(SCardReaderDisposition disposition = SCardReaderDisposition.Leave)
    {
        if (_handle.IsClosed)
            return;
        _handle.Disposition = disposition;
        _handle.Dispose();
        SCardError error = _handle.DisconnectResult;

        // The card or pcscd being gone already means there is nothing left to disconnect.
        if (error is not (SCardError.InvalidHandle or SCardError.RemovedCard or SCardError.NoService or SCardError.ReaderUnavailable))
            error.ThrowIfNotSuccess();
    }

    /// <summary>Disconnects, leaving the card as it is; never throws.</summary>
    public void Dispose() => _handle.Dispose();
}
