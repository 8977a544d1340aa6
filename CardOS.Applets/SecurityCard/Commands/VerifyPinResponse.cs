using CardOS.Apdu;

namespace CardOS.Applets.SecurityCard.Commands;

/// <summary>The answer to VERIFY: 9000, 63Cx (x tries left), 6983 (blocked), or another error.</summary>
public sealed class VerifyPinResponse(ResponseApdu response) : SecurityCardResponse(response)
{
    /// <summary>True when the PIN is verified.</summary>
    public bool IsVerified => IsSuccess;

    /// <summary>True when the PIN is blocked.</summary>
    public bool IsBlocked => StatusWord == StatusWord.AuthenticationMethodBlocked;

    /// <summary>Tries left after a 63Cx answer; null for any other answer.</summary>
    public int? TriesRemaining => StatusWord.Sw1 == 0x63 && (StatusWord.Sw2 & 0xF0) == 0xC0 ? StatusWord.Sw2 & 0x0F : null;
}
