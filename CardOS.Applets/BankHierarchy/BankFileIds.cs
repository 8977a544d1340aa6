namespace CardOS.Applets.BankHierarchy;

/// <summary>File identifiers and short EF identifiers of the bank applet's files (docs/applets/bank-hierarchy.md, Files).</summary>
public static class BankFileIds
{
    /// <summary>ACCOUNT_NUMBER, 8 bytes, SFI 1.</summary>
    public const ushort AccountNumber = 0x0101;

    /// <summary>BALANCE, 24 bytes, SFI 2.</summary>
    public const ushort Balance = 0x0102;

    /// <summary>KEY_INFO, 5 bytes, SFI 3.</summary>
    public const ushort KeyInfo = 0x0103;

    /// <summary>PASSBOOK, cyclic 50 x 36, SFI 4.</summary>
    public const ushort Passbook = 0x0104;

    /// <summary>BAD_KEY, 2 bytes, SFI 5.</summary>
    public const ushort BadKey = 0x0105;

    /// <summary>MIN_TRANS, 3 bytes, SFI 6.</summary>
    public const ushort MinTrans = 0x0106;

    /// <summary>MAX_TRANS, 4 bytes, SFI 7.</summary>
    public const ushort MaxTrans = 0x0107;

    /// <summary>RANDOM_NUMBER, 8 bytes, never readable.</summary>
    public const ushort RandomNumber = 0x0108;

    /// <summary>APPKEY0; APPKEY1-3 follow at 0111-0113. Never readable.</summary>
    public const ushort AppKey0 = 0x0110;

    /// <summary>CHECK_KEY, the BALANCE checksum key. Never readable.</summary>
    public const ushort CheckKey = 0x0114;

    /// <summary>LOCK_KEYS, close key (32) then open key (32), diversified by the account number. Never readable.</summary>
    public const ushort LockKeys = 0x0115;

    /// <summary>TRANSPORT_KEY. Never readable.</summary>
    public const ushort TransportKey = 0x0116;

    /// <summary>CARD_INFO, 24 bytes, SFI 8.</summary>
    public const ushort CardInfo = 0x0120;

    /// <summary>BAD_CARD (bank cards), 4800 bytes, SFI 9.</summary>
    public const ushort BadCard = 0x0130;

    /// <summary>VALID_ACCOUNT (bank cards), 32 bytes, SFI 10.</summary>
    public const ushort ValidAccount = 0x0131;

    /// <summary>INTEREST (bank cards), 4 bytes, SFI 11.</summary>
    public const ushort Interest = 0x0132;

    /// <summary>CREATION_KEY (center card). Never readable.</summary>
    public const ushort CreationKey = 0x0133;

    /// <summary>ISSUE_RANGE (admin card), 16 bytes, SFI 12.</summary>
    public const ushort IssueRange = 0x0140;

    /// <summary>LOCK_MASTER_KEYS (admin card): the close and open master keys it diversifies per card. Never readable.</summary>
    public const ushort LockMasterKeys = 0x0141;

    /// <summary>SFI of ACCOUNT_NUMBER.</summary>
    public const byte AccountNumberSfi = 1;

    /// <summary>SFI of BALANCE.</summary>
    public const byte BalanceSfi = 2;

    /// <summary>SFI of KEY_INFO.</summary>
    public const byte KeyInfoSfi = 3;

    /// <summary>SFI of PASSBOOK.</summary>
    public const byte PassbookSfi = 4;

    /// <summary>SFI of BAD_KEY.</summary>
    public const byte BadKeySfi = 5;

    /// <summary>SFI of MIN_TRANS.</summary>
    public const byte MinTransSfi = 6;

    /// <summary>SFI of MAX_TRANS.</summary>
    public const byte MaxTransSfi = 7;

    /// <summary>SFI of CARD_INFO.</summary>
    public const byte CardInfoSfi = 8;

    /// <summary>SFI of BAD_CARD.</summary>
    public const byte BadCardSfi = 9;

    /// <summary>SFI of VALID_ACCOUNT.</summary>
    public const byte ValidAccountSfi = 10;

    /// <summary>SFI of INTEREST.</summary>
    public const byte InterestSfi = 11;

    /// <summary>SFI of ISSUE_RANGE.</summary>
    public const byte IssueRangeSfi = 12;
}
