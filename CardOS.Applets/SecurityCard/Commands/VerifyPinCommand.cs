using CardOS.Apdu;

namespace CardOS.Applets.SecurityCard.Commands;

/// <summary>VERIFY <c>00 20 00 81 08 PIN-block</c>, or without data to ask for the status (ISO/IEC 7816-4 7.5.6).</summary>
public sealed class VerifyPinCommand : ISecurityCardCommand<VerifyPinResponse>
{
    private readonly byte[]? _block;

    /// <summary>Presents <paramref name="pin"/> (4 to 12 digits); null asks for the verification status.</summary>
    public VerifyPinCommand(string? pin) => _block = pin is null ? null : PinBlock.Encode(pin);

    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() =>
        new(SecurityCardInstructions.ClaIso, SecurityCardInstructions.Verify, 0x00, SecurityCardInstructions.PinReference, _block);

    /// <inheritdoc />
    public VerifyPinResponse CreateResponseForApdu(ResponseApdu response) => new(response);
}
