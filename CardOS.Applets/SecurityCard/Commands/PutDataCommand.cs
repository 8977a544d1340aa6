using CardOS.Apdu;

namespace CardOS.Applets.SecurityCard.Commands;

/// <summary>
/// PUT DATA <c>00 DA P1 P2 Lc value</c> (ISO/IEC 7816-4 7.4.3), P1-P2 = a <see cref="SecurityCardTags"/> tag; personalisation only.
/// Values over 255 bytes (CARD-CERT) go by command chaining. The answer is read with <see cref="SecurityCardResponse"/>.
/// </summary>
public sealed class PutDataCommand(ushort tag, ReadOnlyMemory<byte> value) : ISecurityCardCommand<SecurityCardResponse>
{
    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() =>
        new(SecurityCardInstructions.ClaIso, SecurityCardInstructions.PutData, (byte)(tag >> 8), (byte)tag, value.Span);

    /// <inheritdoc />
    public SecurityCardResponse CreateResponseForApdu(ResponseApdu response) => new(response);
}
