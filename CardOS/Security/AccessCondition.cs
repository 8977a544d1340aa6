using System.Globalization;

namespace CardOS.Security;

/// <summary>
/// What must hold before an operation on a file is allowed: always, never, a validated PIN, or a secure state
/// (ISO/IEC 7816-4 5.4, security attributes reduced to one condition per operation). Evaluated against a
/// <see cref="SecurityStatus"/>; unmet, the file system answers 6982. The default value is <see cref="Never"/>.
/// </summary>
public readonly record struct AccessCondition
{
    private AccessCondition(AccessConditionKind kind, byte reference)
    {
        Kind = kind;
        Reference = reference;
    }

    /// <summary>Always allowed.</summary>
    public static AccessCondition Always => new(AccessConditionKind.Always, 0);

    /// <summary>Never allowed (also <c>default(AccessCondition)</c>).</summary>
    public static AccessCondition Never => default;

    /// <summary>The kind of condition.</summary>
    public AccessConditionKind Kind { get; }

    /// <summary>The PIN reference (as in VERIFY's P2) or the secure state number; 0 for <see cref="Always"/> and <see cref="Never"/>.</summary>
    public byte Reference { get; }

    /// <summary>Allowed while the PIN with <paramref name="reference"/> is validated.</summary>
    /// <param name="reference">The reference as VERIFY's P2 codes it (ISO/IEC 7816-4 7.5.6): b8 global (0) or specific (1), b7-b6 00, b5-b1 the number, not 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">Not a valid reference.</exception>
    public static AccessCondition Pin(byte reference)
    {
        if (!IsValidPinReference(reference))
            throw new ArgumentOutOfRangeException(nameof(reference), reference, "A PIN reference has b7-b6 = 00 and a non-zero number in b5-b1.");
        return new AccessCondition(AccessConditionKind.Pin, reference);
    }

    /// <summary>Allowed while secure state <paramref name="state"/> is set in the <see cref="SecurityStatus"/>.</summary>
    public static AccessCondition SecureState(byte state) => new(AccessConditionKind.SecureState, state);

    /// <summary>True for a byte that codes a PIN reference in VERIFY's P2 (ISO/IEC 7816-4 7.5.6, Table 65).</summary>
    public static bool IsValidPinReference(byte reference) => (reference & 0x60) == 0 && (reference & 0x1F) != 0;

    /// <summary>For example "ALW", "NEV", "PIN 81", "STATE 01".</summary>
    public override string ToString() => Kind switch
    {
        AccessConditionKind.Always => "ALW",
        AccessConditionKind.Pin => "PIN " + Reference.ToString("X2", CultureInfo.InvariantCulture),
        AccessConditionKind.SecureState => "STATE " + Reference.ToString("X2", CultureInfo.InvariantCulture),
        _ => "NEV",
    };

    /// <summary>Reads the two-byte form written by <see cref="WriteTo"/>; false for bytes no condition writes.</summary>
    internal static bool TryRead(ReadOnlySpan<byte> source, out AccessCondition condition)
    {
        condition = default;
        switch ((AccessConditionKind)source[0])
        {
            case AccessConditionKind.Never when source[1] == 0:
                return true;
            case AccessConditionKind.Always when source[1] == 0:
                condition = Always;
                return true;
            case AccessConditionKind.Pin when IsValidPinReference(source[1]):
                condition = new AccessCondition(AccessConditionKind.Pin, source[1]);
                return true;
            case AccessConditionKind.SecureState:
                condition = new AccessCondition(AccessConditionKind.SecureState, source[1]);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Writes the condition as two bytes: kind, reference.</summary>
    internal void WriteTo(Span<byte> destination)
    {
        destination[0] = (byte)Kind;
        destination[1] = Reference;
    }
}
