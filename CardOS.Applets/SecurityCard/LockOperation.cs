namespace CardOS.Applets.SecurityCard;

/// <summary>What a security key card's cryptogram does to a card's security lock; the values are the key references (P2).</summary>
public enum LockOperation
{
    /// <summary>Close the lock (key reference 81).</summary>
    Close = SecurityCardInstructions.CloseLockKeyReference,

    /// <summary>Open the lock (key reference 82).</summary>
    Open = SecurityCardInstructions.OpenLockKeyReference,
}
