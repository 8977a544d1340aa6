namespace CardOS.Applets.Purse;

/// <summary>What the load module decided about a pending load.</summary>
public enum LoadOutcome : byte
{
    /// <summary>The purse was loaded (its S3 checked, or its zero-value request proved it).</summary>
    Loaded = 0x01,

    /// <summary>The purse was not loaded: the issuer must not debit the holder's account.</summary>
    NotLoaded = 0x02,
}
