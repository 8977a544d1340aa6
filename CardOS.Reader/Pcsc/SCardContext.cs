using CardOS.Reader.Pcsc.Interop;

namespace CardOS.Reader.Pcsc;

/// <summary>
/// A connection to the PC/SC resource manager (pcscd on Linux, the Smart Card service on Windows): list readers,
/// wait for cards, connect to them. Not for sharing across threads, except <see cref="Cancel"/>.
/// </summary>
/// <example>
/// <code>
/// using SCardContext context = SCardContext.Establish(SCardScope.System);
/// string reader = context.GetReaders()[0];
/// await context.WaitForCardAsync(reader, cancellationToken);
/// using PcscCardChannel card = context.Connect(reader, SCardShareMode.Shared, SCardProtocol.Any);
/// ResponseApdu response = card.Transmit("00A4040007A0000000041010");
/// </code>
/// </example>
public sealed class SCardContext : IDisposable
{
    private const uint Infinite = uint.MaxValue;

    // How long one blocking wait lasts before it checks its cancellation token again: a cancellation that races
    // SCardCancel (arriving before the wait starts) is noticed within this time.
    private const uint WaitSliceMilliseconds = 1000;

    private readonly IPcscApi _api;
    private readonly SCardContextHandle _handle;

    private SCardContext(IPcscApi api, SCardContextHandle handle, SCardScope scope)
    {
        _api = api;
        _handle = handle;
        Scope = scope;
    }

    /// <summary>The scope the context was established in.</summary>
    public SCardScope Scope { get; }

    /// <summary>Establishes a context (SCardEstablishContext).</summary>
    /// <exception cref="NoServiceException">The resource manager is not running.</exception>
    /// <exception cref="PcscException">Another PC/SC error.</exception>
    /// <exception cref="DllNotFoundException">The PC/SC library (libpcsclite.so.1 or winscard.dll) is not installed.</exception>
    public static SCardContext Establish(SCardScope scope = SCardScope.System) => Establish(PcscApi.Create(), scope);

    /// <summary>True while the context is usable (SCardIsValidContext); false after pcscd restarted or the context was released.</summary>
    public bool IsValid() => !_handle.IsClosed && _api.IsValidContext(_handle) == SCardError.Success;

    /// <summary>The readers' names (SCardListReaders); empty when there are none.</summary>
    public IReadOnlyList<string> GetReaders()
    {
        SCardError error = _api.ListReaders(_handle, out string[] readers);
        if (error == SCardError.NoReadersAvailable)
            return [];
        error.ThrowIfNotSuccess();
        return readers;
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> until a reader's state differs from its
    /// <see cref="SCardReaderState.CurrentState"/> (SCardGetStatusChange), and fills in the reported states.
    /// </summary>
    /// <returns>False if the timeout expired with no change.</returns>
    public bool GetStatusChange(TimeSpan timeout, IList<SCardReaderState> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        uint milliseconds = timeout == Timeout.InfiniteTimeSpan ? Infinite : (uint)Math.Clamp(timeout.TotalMilliseconds, 0, Infinite - 1);
        SCardError error = _api.GetStatusChange(_handle, milliseconds, states);
        if (error == SCardError.Timeout)
            return false;
        error.ThrowIfNotSuccess();
        return true;
    }

    /// <summary>
    /// Waits until a reader's state differs from its <see cref="SCardReaderState.CurrentState"/>, on a context of its own
    /// (so that this context stays free meanwhile), and fills in the reported states.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task GetStatusChangeAsync(IList<SCardReaderState> states, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(states);
        cancellationToken.ThrowIfCancellationRequested();
        using SCardContext waiter = Establish(_api, Scope);
        using CancellationTokenRegistration registration = cancellationToken.Register(static state => ((SCardContext)state!).CancelQuietly(), waiter);
        SCardError error = await Task.Factory.StartNew(
            () =>
            {
                while (true)
                {
                    SCardError result = _api.GetStatusChange(waiter._handle, WaitSliceMilliseconds, states);
                    if (result != SCardError.Timeout || cancellationToken.IsCancellationRequested)
                        return result;
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).ConfigureAwait(false);

        cancellationToken.ThrowIfCancellationRequested();
        error.ThrowIfNotSuccess();
    }

    /// <summary>Waits until a card is in <paramref name="readerName"/> and answers (present, not mute); returns its ATR.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<byte[]> WaitForCardAsync(string readerName, CancellationToken cancellationToken)
    {
        var state = new SCardReaderState(readerName);
        while (true)
        {
            await GetStatusChangeAsync([state], cancellationToken).ConfigureAwait(false);
            if ((state.EventState & SCRState.Present) != 0 && (state.EventState & SCRState.Mute) == 0)
                return state.Atr;
            state.Acknowledge();
        }
    }

    /// <summary>Waits until no card is in <paramref name="readerName"/> (or the reader is gone).</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task WaitForCardRemovalAsync(string readerName, CancellationToken cancellationToken)
    {
        var state = new SCardReaderState(readerName);
        while (true)
        {
            await GetStatusChangeAsync([state], cancellationToken).ConfigureAwait(false);
            if ((state.EventState & (SCRState.Empty | SCRState.Unknown | SCRState.Unavailable)) != 0)
                return;
            state.Acknowledge();
        }
    }

    /// <summary>Connects to the card in <paramref name="readerName"/> (SCardConnect).</summary>
    /// <exception cref="NoSmartcardException">No card is in the reader.</exception>
    /// <exception cref="UnknownReaderException">No reader has that name.</exception>
    /// <exception cref="SharingViolationException">Another application holds the card exclusively.</exception>
    /// <exception cref="PcscException">Another PC/SC error.</exception>
    public PcscCardChannel Connect(string readerName, SCardShareMode shareMode = SCardShareMode.Shared, SCardProtocol preferredProtocols = SCardProtocol.Any)
    {
        ArgumentNullException.ThrowIfNull(readerName);
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        _api.Connect(_handle, readerName, shareMode, preferredProtocols, out nint card, out SCardProtocol active).ThrowIfNotSuccess();
        return new PcscCardChannel(_api, new SCardCardHandle(_api, card), readerName, shareMode, active);
    }

    /// <summary>Ends any blocking <see cref="GetStatusChange(TimeSpan, IList{SCardReaderState})"/> on this context (SCardCancel); safe from any thread.</summary>
    public void Cancel() => _api.Cancel(_handle).ThrowIfNotSuccess();

    /// <summary>Releases the context (SCardReleaseContext). Channels opened from it stay usable until disposed.</summary>
    public void Dispose() => _handle.Dispose();

    internal static SCardContext Establish(IPcscApi api, SCardScope scope)
    {
        api.EstablishContext(scope, out nint context).ThrowIfNotSuccess();
        return new SCardContext(api, new SCardContextHandle(api, context), scope);
    }

    private void CancelQuietly()
    {
        // A wait that already ended, or a context that pcscd already dropped, needs no cancelling.
        _ = _api.Cancel(_handle);
    }
}
