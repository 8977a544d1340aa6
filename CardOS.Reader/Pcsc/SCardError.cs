namespace CardOS.Reader.Pcsc;

/// <summary>
/// PC/SC result codes (pcsc-lite pcsclite.h, Windows winerror.h): the same 32-bit values on every platform.
/// </summary>
#pragma warning disable CA1028 // The codes are the unsigned 32-bit values both PC/SC headers define; an Int32 enum would hide that.
public enum SCardError : uint
#pragma warning restore CA1028
{
    /// <summary>No error.</summary>
    Success = 0x00000000,

    /// <summary>An internal consistency check failed.</summary>
    InternalError = 0x80100001,

    /// <summary>The action was cancelled by an SCardCancel request.</summary>
    Cancelled = 0x80100002,

    /// <summary>The supplied handle was invalid.</summary>
    InvalidHandle = 0x80100003,

    /// <summary>One or more of the supplied parameters could not be properly interpreted.</summary>
    InvalidParameter = 0x80100004,

    /// <summary>Registry startup information is missing or invalid.</summary>
    InvalidTarget = 0x80100005,

    /// <summary>Not enough memory available to complete this command.</summary>
    NoMemory = 0x80100006,

    /// <summary>An internal consistency timer has expired.</summary>
    WaitedTooLong = 0x80100007,

    /// <summary>The data buffer to receive returned data is too small for the returned data.</summary>
    InsufficientBuffer = 0x80100008,

    /// <summary>The specified reader name is not recognized.</summary>
    UnknownReader = 0x80100009,

    /// <summary>The user-specified timeout value has expired.</summary>
    Timeout = 0x8010000A,

    /// <summary>The smart card cannot be accessed because of other connections outstanding.</summary>
    SharingViolation = 0x8010000B,

    /// <summary>The operation requires a smart card, but no smart card is currently in the device.</summary>
    NoSmartcard = 0x8010000C,

    /// <summary>The specified smart card name is not recognized.</summary>
    UnknownCard = 0x8010000D,

    /// <summary>The system could not dispose of the media in the requested manner.</summary>
    CannotDispose = 0x8010000E,

    /// <summary>The requested protocols are incompatible with the protocol currently in use with the smart card.</summary>
    ProtocolMismatch = 0x8010000F,

    /// <summary>The reader or smart card is not ready to accept commands.</summary>
    NotReady = 0x80100010,

    /// <summary>One or more of the supplied parameters values could not be properly interpreted.</summary>
    InvalidValue = 0x80100011,

    /// <summary>The action was cancelled by the system, presumably to log off or shut down.</summary>
    SystemCancelled = 0x80100012,

    /// <summary>An internal communications error has been detected.</summary>
    CommunicationError = 0x80100013,

    /// <summary>An internal error has been detected, but the source is unknown.</summary>
    UnknownError = 0x80100014,

    /// <summary>An ATR obtained from the registry is not a valid ATR string.</summary>
    InvalidAtr = 0x80100015,

    /// <summary>An attempt was made to end a non-existent transaction.</summary>
    NotTransacted = 0x80100016,

    /// <summary>The specified reader is not currently available for use.</summary>
    ReaderUnavailable = 0x80100017,

    /// <summary>The operation has been aborted to allow the server application to exit.</summary>
    Shutdown = 0x80100018,

    /// <summary>The PCI receive buffer was too small.</summary>
    PciTooSmall = 0x80100019,

    /// <summary>The reader driver does not meet minimal requirements for support.</summary>
    ReaderUnsupported = 0x8010001A,

    /// <summary>The reader driver did not produce a unique reader name.</summary>
    DuplicateReader = 0x8010001B,

    /// <summary>The smart card does not meet minimal requirements for support.</summary>
    CardUnsupported = 0x8010001C,

    /// <summary>The smart card resource manager is not running.</summary>
    NoService = 0x8010001D,

    /// <summary>The smart card resource manager has shut down.</summary>
    ServiceStopped = 0x8010001E,

    /// <summary>An unexpected card error has occurred.</summary>
    Unexpected = 0x8010001F,

    /// <summary>This smart card does not support the requested feature.</summary>
    UnsupportedFeature = 0x80100022,

    /// <summary>Cannot find a smart card reader.</summary>
    NoReadersAvailable = 0x8010002E,

    /// <summary>The smart card does not support the requested feature (warning).</summary>
    UnsupportedCard = 0x80100065,

    /// <summary>The smart card is not responding to a reset.</summary>
    UnresponsiveCard = 0x80100066,

    /// <summary>Power has been removed from the smart card, so that further communication is not possible.</summary>
    UnpoweredCard = 0x80100067,

    /// <summary>The smart card has been reset, so any shared state information is invalid.</summary>
    ResetCard = 0x80100068,

    /// <summary>The smart card has been removed, so further communication is not possible.</summary>
    RemovedCard = 0x80100069,
}
