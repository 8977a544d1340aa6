using System.Security.Cryptography;
using CardOS.Runtime;
using CardOS.Storage;

namespace CardOS.Security;

/// <summary>
/// A PIN held by its owning applet, with JavaCard OwnerPIN semantics: reference value, try limit and try counter
/// live in EEPROM; the validated state lives in RAM and is cleared on deselect and reset.
/// </summary>
/// <remarks>
/// <para><see cref="Check"/> decrements the try counter with a single one-byte EEPROM write before it compares,
/// and compares in constant time (<see cref="CryptographicOperations.FixedTimeEquals"/>). A power cut at any
/// write therefore never yields a comparison the counter did not pay for: either the decrement landed, or the
/// comparison never ran. Counter writes are not journalled, so an aborted transaction does not give a try back.</para>
/// <para>EEPROM layout of the object: try limit (1), tries remaining (1), value length (1), value padded with zeros
/// to <see cref="MaxLength"/>.</para>
/// </remarks>
public sealed class OwnerPin
{
    /// <summary>The highest try limit: the most 63Cx can report.</summary>
    public const int MaxTryLimit = 15;

    /// <summary>The longest PIN value.</summary>
    public const int MaxPinLength = 64;

    private const int TryLimitOffset = 0;
    private const int TriesOffset = 1;
    private const int LengthOffset = 2;
    private const int ValueOffset = 3;

    private readonly PersistentArray _store;
    private readonly TransientArray _validated;

    /// <summary>
    /// Binds the PIN to persistent object <paramref name="objectId"/> of the applet, creating it with
    /// <paramref name="tryLimit"/> tries and no value if the EEPROM does not hold it yet. Call at install.
    /// </summary>
    /// <param name="context">The owning applet's context.</param>
    /// <param name="objectId">The applet's persistent object id for this PIN.</param>
    /// <param name="tryLimit">Consecutive wrong presentations before the PIN blocks, 1 to <see cref="MaxTryLimit"/>.</param>
    /// <param name="maxLength">The longest value the PIN accepts, 1 to <see cref="MaxPinLength"/>.</param>
    /// <exception cref="InvalidOperationException">The EEPROM holds this PIN with another try limit.</exception>
    public OwnerPin(AppletContext context, ushort objectId, int tryLimit, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfLessThan(tryLimit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tryLimit, MaxTryLimit);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxLength, MaxPinLength);

        _store = context.AllocatePersistent(objectId, ValueOffset + maxLength);
        _validated = context.AllocateTransient(1, TransientClear.OnDeselect);
        MaxLength = maxLength;

        byte storedLimit = _store[TryLimitOffset];
        if (storedLimit == 0)
            _store.Write(TryLimitOffset, [(byte)tryLimit, (byte)tryLimit]);
        else if (storedLimit != tryLimit)
            throw new InvalidOperationException($"PIN object {objectId} of applet {context.Aid} has try limit {storedLimit}, not {tryLimit}: the image was written by another version of the applet.");
        TryLimit = tryLimit;
    }

    /// <summary>Consecutive wrong presentations allowed before the PIN blocks.</summary>
    public int TryLimit { get; }

    /// <summary>The longest value the PIN accepts.</summary>
    public int MaxLength { get; }

    /// <summary>Presentations left before the PIN blocks.</summary>
    public int TriesRemaining => Math.Min((int)_store[TriesOffset], TryLimit);

    /// <summary>True when no tries remain: <see cref="Check"/> fails without comparing until <see cref="ResetAndUnblock"/>.</summary>
    public bool IsBlocked => TriesRemaining == 0;

    /// <summary>True once a value has been set with <see cref="Update"/>.</summary>
    public bool HasValue => _store[LengthOffset] != 0;

    /// <summary>True after a successful <see cref="Check"/>, until the applet is deselected, the card resets, or <see cref="Reset"/>.</summary>
    public bool IsValidated => _validated.Span[0] != 0;

    /// <summary>
    /// Compares <paramref name="candidate"/> with the PIN value: clears the validated state, then, unless the PIN is
    /// blocked or has no value, decrements the try counter in EEPROM, compares in constant time, and on a match
    /// restores the counter and sets the validated state.
    /// </summary>
    /// <returns>True if the candidate matched.</returns>
    public bool Check(ReadOnlySpan<byte> candidate)
    {
        _validated.Span[0] = 0;
        int tries = TriesRemaining;
        int length = _store[LengthOffset];
        if (tries == 0 || length == 0)
            return false;

        // The decrement is one single-byte write and lands before the comparison runs.
        _store.WriteNonAtomic(TriesOffset, [(byte)(tries - 1)]);

        Span<byte> padded = stackalloc byte[MaxLength];
        padded.Clear();
        candidate[..Math.Min(candidate.Length, MaxLength)].CopyTo(padded);
        bool match = CryptographicOperations.FixedTimeEquals(padded, _store.Slice(ValueOffset, MaxLength))
                     & (candidate.Length == length);
        CryptographicOperations.ZeroMemory(padded);
        if (!match)
            return false;

        _store.WriteNonAtomic(TriesOffset, [(byte)TryLimit]);
        _validated.Span[0] = 1;
        return true;
    }

    /// <summary>
    /// Sets a new PIN value and restores the try counter, in one atomic write (part of an open transaction); clears the validated state.
    /// </summary>
    /// <exception cref="ArgumentException">The value is empty or longer than <see cref="MaxLength"/>.</exception>
    public void Update(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty || value.Length > MaxLength)
            throw new ArgumentException($"A PIN value has 1 to {MaxLength} bytes; got {value.Length}.", nameof(value));

        Span<byte> record = stackalloc byte[2 + MaxLength];
        record.Clear();
        record[0] = (byte)TryLimit;
        record[1] = (byte)value.Length;
        value.CopyTo(record[2..]);
        _validated.Span[0] = 0;
        _store.Write(TriesOffset, record);
        CryptographicOperations.ZeroMemory(record);
    }

    /// <summary>Clears the validated state (JavaCard OwnerPIN.reset).</summary>
    public void Reset() => _validated.Span[0] = 0;

    /// <summary>Restores the try counter to the try limit and clears the validated state (JavaCard OwnerPIN.resetAndUnblock).</summary>
    public void ResetAndUnblock()
    {
        _validated.Span[0] = 0;
        _store.WriteNonAtomic(TriesOffset, [(byte)TryLimit]);
    }
}
