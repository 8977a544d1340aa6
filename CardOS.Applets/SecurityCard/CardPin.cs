using System.Security.Cryptography;
using CardOS.Runtime;
using CardOS.Storage;

namespace CardOS.Applets.SecurityCard;

/// <summary>
/// The security card's PIN: reference value, try limit and try counter in EEPROM, the validated state in RAM
/// (cleared on deselect and reset). The try counter is decremented by a single one-byte write before the
/// comparison runs, so a power cut never yields a free comparison.
/// </summary>
/// <remarks>
/// Stand-in with the same members as CardOS.Security.OwnerPin (branch fs), kept internal so it competes with nothing:
/// when OwnerPin reaches main, the applets swap this type for it. EEPROM layout: try limit (1), tries remaining (1),
/// value length (1), value padded with zeros to <see cref="MaxLength"/>.
/// </remarks>
internal sealed class CardPin
{
    private const int TryLimitOffset = 0;
    private const int TriesOffset = 1;
    private const int LengthOffset = 2;
    private const int ValueOffset = 3;

    private readonly PersistentArray _store;
    private readonly TransientArray _validated;

    public CardPin(AppletContext context, ushort objectId, int tryLimit, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfLessThan(tryLimit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tryLimit, 15);
        _store = context.AllocatePersistent(objectId, ValueOffset + maxLength);
        _validated = context.AllocateTransient(1, TransientClear.OnDeselect);
        MaxLength = maxLength;
        if (_store[TryLimitOffset] == 0)
            _store.Write(TryLimitOffset, [(byte)tryLimit, (byte)tryLimit]);
        TryLimit = _store[TryLimitOffset];
    }

    public int TryLimit { get; }

    public int MaxLength { get; }

    public int TriesRemaining => Math.Min((int)_store[TriesOffset], TryLimit);

    public bool IsBlocked => TriesRemaining == 0;

    public bool HasValue => _store[LengthOffset] != 0;

    public bool IsValidated => _validated.Span[0] != 0;

    public bool Check(ReadOnlySpan<byte> candidate)
    {
        _validated.Span[0] = 0;
        int tries = TriesRemaining;
        int length = _store[LengthOffset];
        if (tries == 0 || length == 0)
            return false;

        _store.WriteNonAtomic(TriesOffset, [(byte)(tries - 1)]);

        Span<byte> padded = stackalloc byte[MaxLength];
        padded.Clear();
        candidate[..Math.Min(candidate.Length, MaxLength)].CopyTo(padded);
        bool match = CryptographicOperations.FixedTimeEquals(padded, _store.Slice(ValueOffset, MaxLength)) & (candidate.Length == length);
        CryptographicOperations.ZeroMemory(padded);
        if (!match)
            return false;

        _store.WriteNonAtomic(TriesOffset, [(byte)TryLimit]);
        _validated.Span[0] = 1;
        return true;
    }

    public void Update(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty || value.Length > MaxLength)
            throw new ArgumentException($"A PIN value has 1 to {MaxLength} bytes.", nameof(value));
        Span<byte> record = stackalloc byte[2 + MaxLength];
        record.Clear();
        record[0] = (byte)TryLimit;
        record[1] = (byte)value.Length;
        value.CopyTo(record[2..]);
        _validated.Span[0] = 0;
        _store.Write(TriesOffset, record);
        CryptographicOperations.ZeroMemory(record);
    }

    public void Reset() => _validated.Span[0] = 0;
}
