namespace CardOS.Applets.Purse;

/// <summary>Field sizes and tags shared by the purse, the PSAM, the load module and their host-side drivers.</summary>
public static class PurseFormat
{
    /// <summary>Issuer identifier.</summary>
    public const int IssuerIdLength = 4;

    /// <summary>Card number: 16 digits of packed BCD.</summary>
    public const int CardNumberLength = 8;

    /// <summary>Signatures S1, S2, S3 and the proof: AES-CMAC truncated to 8 bytes.</summary>
    public const int MacLength = 8;

    /// <summary>AES-128 keys.</summary>
    public const int KeyLength = 16;

    /// <summary>PSAM and load-module identifiers.</summary>
    public const int ModuleIdLength = 4;

    /// <summary>The PSAM's challenge in a recovery.</summary>
    public const int ChallengeLength = 8;

    /// <summary>One transaction log entry: type, counter, amount, balance after, date, party id, party sequence, signature.</summary>
    public const int LogEntryLength = 1 + 4 + 4 + 4 + 4 + 4 + 4 + MacLength;

    /// <summary>GET DATA answer of the purse.</summary>
    public const int PurseDataLength = 4 + 8 + 4 + 2 + 1 + 4 + 4 + 4 + 1 + 1 + 1;

    /// <summary>INITIALIZE FOR PURCHASE answer: 28 data bytes then S1.</summary>
    public const int PurchaseInitLength = 4 + 8 + 4 + 2 + 1 + 4 + 4 + 1 + MacLength;

    /// <summary>DEBIT data: amount, date, PSAM id, PSAM sequence number, S2.</summary>
    public const int DebitDataLength = 4 + 4 + 4 + 4 + MacLength;

    /// <summary>DEBIT and CREDIT answer: balance after, S3.</summary>
    public const int SignedBalanceLength = 4 + MacLength;

    /// <summary>INITIALIZE FOR LOAD data: amount, currency, date, load module id.</summary>
    public const int LoadInitDataLength = 4 + 2 + 4 + 4;

    /// <summary>INITIALIZE FOR LOAD answer: 48 data bytes then S1.</summary>
    public const int LoadInitLength = 4 + 8 + 4 + 2 + 1 + 4 + 4 + 4 + 4 + 4 + 4 + 4 + 1 + MacLength;

    /// <summary>UPDATE PARAMETERS data: new expiry, new maximum balance, MAC.</summary>
    public const int UpdateDataLength = 4 + 4 + MacLength;

    /// <summary>GET PROOF data: counter, challenge.</summary>
    public const int ProofRequestLength = 4 + ChallengeLength;

    /// <summary>GET PROOF answer: result, log entry, MAC.</summary>
    public const int ProofLength = 1 + LogEntryLength + MacLength;

    internal const byte TagPurchaseS1 = 0x11;
    internal const byte TagPurchaseS2 = 0x12;
    internal const byte TagPurchaseS3 = 0x13;
    internal const byte TagProof = 0x14;
    internal const byte TagLoadS1 = 0x21;
    internal const byte TagLoadS2 = 0x22;
    internal const byte TagLoadS3 = 0x23;
    internal const byte TagUpdate = 0x31;

    /// <summary>
    /// The ISO 4217 numeric code of a currency field as the cards carry it (2 bytes of BCD: <c>0978</c> is 978, EUR);
    /// -1 when a nibble is not a decimal digit.
    /// </summary>
    public static int CurrencyCode(ushort bcd)
    {
        int code = 0;
        for (int shift = 12; shift >= 0; shift -= 4)
        {
            int digit = (bcd >> shift) & 0xF;
            if (digit > 9)
                return -1;
            code = (code * 10) + digit;
        }

        return code;
    }
}
