namespace CardOS.Applets.Purse;

/// <summary>The kind of a purse transaction log entry (its first byte).</summary>
public enum PurseLogType : byte
{
    /// <summary>No entry.</summary>
    None = 0x00,

    /// <summary>A purchase (a debit; amount 0 for an authentication-only purchase).</summary>
    Purchase = 0x01,

    /// <summary>A load (a credit).</summary>
    Load = 0x02,
}
