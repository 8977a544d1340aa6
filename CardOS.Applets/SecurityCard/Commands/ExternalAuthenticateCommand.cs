using CardOS.Apdu;

namespace CardOS.Applets.SecurityCard.Commands;

/// <summary>
/// EXTERNAL AUTHENTICATE <c>00 82 00 81|82 20 cryptogram</c> (ISO/IEC 7816-4 7.5.4): closes (81) or opens (82) the card's
/// security lock with the key card's cryptogram over the card's last challenge. The answer is read with <see cref="SecurityCardResponse"/>.
/// </summary>
public sealed class ExternalAuthenticateCommand(LockOperation operation, ReadOnlyMemory<byte> cryptogram) : ISecurityCardCommand<SecurityCardResponse>
{
    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() =>
        new(SecurityCardInstructions.ClaIso, SecurityCardInstructions.ExternalAuthenticate, 0x00, (byte)operation, cryptogram.Span);

    /// <inheritdoc />
    public SecurityCardResponse CreateResponseForApdu(ResponseApdu response) => new(response);
}
