namespace CardOS.Security;

/// <summary>The kinds of <see cref="AccessCondition"/>; the numeric values are how the file system stores them in EEPROM.</summary>
public enum AccessConditionKind
{
    /// <summary>The operation is never allowed (the default: a condition nobody set fails closed).</summary>
    Never = 0,

    /// <summary>The operation is always allowed.</summary>
    Always = 1,

    /// <summary>The operation is allowed while a PIN is validated.</summary>
    Pin = 2,

    /// <summary>The operation is allowed while a secure state (for example one set by an external authentication with a key) is set.</summary>
    SecureState = 3,
}
