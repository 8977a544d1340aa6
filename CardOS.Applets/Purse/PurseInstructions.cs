namespace CardOS.Applets.Purse;

/// <summary>INS codes of the purse, the PSAM and the load module (docs/applets/purse.md has their bytes).</summary>
public static class PurseInstructions
{
    /// <summary>Proprietary class of every purse-family command except READ RECORD.</summary>
    public const byte ProprietaryClass = 0x80;

    /// <summary>Purse, PSAM, load module: GET DATA (the public data of the card or module).</summary>
    public const byte GetData = 0xCA;

    /// <summary>Purse: INITIALIZE FOR PURCHASE (opens a purchase, increments the counter, answers S1).</summary>
    public const byte InitializeForPurchase = 0x50;

    /// <summary>Purse: INITIALIZE FOR LOAD (opens a load, increments the counter, answers S1).</summary>
    public const byte InitializeForLoad = 0x52;

    /// <summary>Purse: DEBIT (checks the PSAM's S2, debits, answers S3).</summary>
    public const byte Debit = 0x54;

    /// <summary>Purse: CREDIT (checks the load module's S2, credits, answers S3).</summary>
    public const byte Credit = 0x56;

    /// <summary>Purse: UPDATE PARAMETERS (expiry and maximum balance under the update key).</summary>
    public const byte UpdateParameters = 0x58;

    /// <summary>Purse: GET PROOF (a MAC'd statement whether the log holds a transaction with a given counter).</summary>
    public const byte GetProof = 0x5A;

    /// <summary>Purse: READ RECORD of the transaction log (interindustry class).</summary>
    public const byte ReadRecord = 0xB2;

    /// <summary>PSAM: INITIALIZE PURCHASE (checks the purse's S1, answers the DEBIT data with S2).</summary>
    public const byte PsamInitializePurchase = 0x70;

    /// <summary>PSAM: COMPLETE PURCHASE (checks the purse's S3, adds to the totals).</summary>
    public const byte PsamCompletePurchase = 0x72;

    /// <summary>PSAM: BEGIN RECOVERY (answers the GET PROOF data for a pending purchase).</summary>
    public const byte PsamBeginRecovery = 0x74;

    /// <summary>PSAM: RECOVER PURCHASE (reads the purse's proof: completes or voids the pending purchase).</summary>
    public const byte PsamRecoverPurchase = 0x76;

    /// <summary>PSAM: READ PENDING (one slot of the pending-purchase table).</summary>
    public const byte PsamReadPending = 0x78;

    /// <summary>PSAM: READ RESOLUTION (how a purchase sequence number ended).</summary>
    public const byte PsamReadResolution = 0x7A;

    /// <summary>PSAM: SETTLE (answers and closes the totals since the last settlement).</summary>
    public const byte PsamSettle = 0x7C;

    /// <summary>Load module: AUTHORIZE LOAD (checks the purse's S1, answers S2).</summary>
    public const byte LoadAuthorize = 0x20;

    /// <summary>Load module: CONFIRM LOAD (checks the purse's S3).</summary>
    public const byte LoadConfirm = 0x22;

    /// <summary>Load module: RECOVER LOAD (decides from a zero-value load request whether a pending load happened).</summary>
    public const byte LoadRecover = 0x24;

    /// <summary>Load module: SIGN UPDATE (the MAC for a purse's UPDATE PARAMETERS).</summary>
    public const byte LoadSignUpdate = 0x26;
}
