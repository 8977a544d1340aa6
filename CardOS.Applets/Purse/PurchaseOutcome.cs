namespace CardOS.Applets.Purse;

/// <summary>How a purchase the PSAM signed ended, as READ RESOLUTION and RECOVER PURCHASE report it.</summary>
public enum PurchaseOutcome : byte
{
    /// <summary>Still pending: the PSAM signed the debit and has not seen the purse's S3 or proof yet.</summary>
    Pending = 0x00,

    /// <summary>Completed: the purse's S3 was verified and the amount added to the totals.</summary>
    Completed = 0x01,

    /// <summary>Void: the purse proved that it never made the debit.</summary>
    Void = 0x02,
}
