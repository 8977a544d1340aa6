namespace CardOS.Applets.SecurityCard;

/// <summary>The security card's status record (GET DATA DF20).</summary>
/// <param name="IsOperational">True once personalisation has ended (life cycle 05; 03 before).</param>
/// <param name="IsLocked">True while the security lock is closed.</param>
/// <param name="PinTriesRemaining">PIN tries left (0: blocked, or no PIN yet).</param>
/// <param name="PersonalisationFlags">Which personalisation items are present (docs/applets/security-card.md).</param>
/// <param name="Balance">C_balance.</param>
/// <param name="SerialNumber">ser#: the serial number the next payment gets under the current CARD-CERT.</param>
/// <param name="SequenceNumber">seq#: the last withdrawal request's sequence number.</param>
/// <param name="LastCreditedSequenceNumber">The seq# of the last withdrawal acknowledgement the card accepted.</param>
public sealed record SecurityCardStatus(
    bool IsOperational,
    bool IsLocked,
    int PinTriesRemaining,
    byte PersonalisationFlags,
    uint Balance,
    uint SerialNumber,
    uint SequenceNumber,
    uint LastCreditedSequenceNumber);
