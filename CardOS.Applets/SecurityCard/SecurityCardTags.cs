namespace CardOS.Applets.SecurityCard;

/// <summary>GET DATA / PUT DATA tags (P1-P2) of the security card.</summary>
public static class SecurityCardTags
{
    /// <summary>7F21: CARD-CERT (PUT at personalisation, GET any time).</summary>
    public const ushort CardCertificate = 0x7F21;

    /// <summary>DF10: the user's secret S_U (PUT only, personalisation).</summary>
    public const ushort UserSecret = 0xDF10;

    /// <summary>DF11: the bank's secret S_C (PUT only, personalisation).</summary>
    public const ushort BankSecret = 0xDF11;

    /// <summary>DF12: the card's withdrawal key K_M (PUT only, personalisation).</summary>
    public const ushort WithdrawalKey = 0xDF12;

    /// <summary>DF13: the card's lock-closing key (PUT only, personalisation).</summary>
    public const ushort CloseLockKey = 0xDF13;

    /// <summary>DF14: the card's lock-opening key (PUT only, personalisation).</summary>
    public const ushort OpenLockKey = 0xDF14;

    /// <summary>DF15: the initial C_balance (PUT only, personalisation).</summary>
    public const ushort InitialBalance = 0xDF15;

    /// <summary>DF20: the card status record (GET).</summary>
    public const ushort Status = 0xDF20;

    /// <summary>DF21: the last PAYMENT-CERT the card produced under its current CARD-CERT (GET).</summary>
    public const ushort LastPayment = 0xDF21;
}
