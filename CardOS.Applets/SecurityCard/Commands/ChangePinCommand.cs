using CardOS.Apdu;

namespace CardOS.Applets.SecurityCard.Commands;

/// <summary>
/// CHANGE REFERENCE DATA (ISO/IEC 7816-4 7.5.7): <c>00 24 01 81 08 new</c> sets the PIN at personalisation,
/// <c>00 24 00 81 10 old new</c> changes it afterwards. The answer is read with <see cref="SecurityCardResponse"/>.
/// </summary>
public sealed class ChangePinCommand : ISecurityCardCommand<SecurityCardResponse>
{
    private readonly byte[] _data;
    private readonly byte _p1;

    /// <summary>Sets (<paramref name="oldPin"/> null) or changes the PIN.</summary>
    public ChangePinCommand(string? oldPin, string newPin)
    {
        _p1 = oldPin is null ? SecurityCardInstructions.SetPinP1 : SecurityCardInstructions.ChangePinP1;
        _data = oldPin is null ? PinBlock.Encode(newPin) : [.. PinBlock.Encode(oldPin), .. PinBlock.Encode(newPin)];
    }

    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() =>
        new(SecurityCardInstructions.ClaIso, SecurityCardInstructions.ChangeReferenceData, _p1, SecurityCardInstructions.PinReference, _data);

    /// <inheritdoc />
    public SecurityCardResponse CreateResponseForApdu(ResponseApdu response) => new(response);
}
