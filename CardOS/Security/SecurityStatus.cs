using CardOS.Apdu;
using CardOS.Runtime;
using CardOS.Storage;

namespace CardOS.Security;

/// <summary>
/// An applet's security status (ISO/IEC 7816-4 5.4.1): its PINs by reference and 256 secure states, all cleared
/// on deselect and reset. Evaluates <see cref="AccessCondition"/>s and answers VERIFY and CHANGE REFERENCE DATA
/// for the PINs it holds.
/// </summary>
public sealed class SecurityStatus
{
    private const byte InsVerify = 0x20;
    private const byte InsChangeReferenceData = 0x24;

    private readonly TransientArray _states;
    private readonly List<(byte Reference, OwnerPin Pin)> _pins = [];

    /// <summary>Creates the security status of the applet that owns <paramref name="context"/>. Call at install.</summary>
    public SecurityStatus(AppletContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _states = context.AllocateTransient(256 / 8, TransientClear.OnDeselect);
    }

    /// <summary>Registers <paramref name="pin"/> under <paramref name="reference"/> (VERIFY's P2). Call at install.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a valid PIN reference (see <see cref="AccessCondition.IsValidPinReference"/>).</exception>
    /// <exception cref="ArgumentException">A PIN is already registered under <paramref name="reference"/>.</exception>
    public void AddPin(byte reference, OwnerPin pin)
    {
        ArgumentNullException.ThrowIfNull(pin);
        if (!AccessCondition.IsValidPinReference(reference))
            throw new ArgumentOutOfRangeException(nameof(reference), reference, "A PIN reference has b7-b6 = 00 and a non-zero number in b5-b1.");
        if (FindPin(reference) is not null)
            throw new ArgumentException($"A PIN is already registered under reference {reference:X2}.", nameof(reference));
        _pins.Add((reference, pin));
    }

    /// <summary>The PIN registered under <paramref name="reference"/>, or null.</summary>
    public OwnerPin? FindPin(byte reference)
    {
        foreach ((byte candidate, OwnerPin pin) in _pins)
        {
            if (candidate == reference)
                return pin;
        }

        return null;
    }

    /// <summary>True while secure state <paramref name="state"/> is set.</summary>
    public bool IsSet(byte state) => (_states.Span[state >> 3] & (1 << (state & 7))) != 0;

    /// <summary>Sets secure state <paramref name="state"/> (for example after an external authentication with a key); it lasts until deselect or reset.</summary>
    public void Set(byte state) => _states.Span[state >> 3] |= (byte)(1 << (state & 7));

    /// <summary>Clears secure state <paramref name="state"/>.</summary>
    public void Clear(byte state) => _states.Span[state >> 3] &= (byte)~(1 << (state & 7));

    /// <summary>Clears every secure state and the validated state of every PIN.</summary>
    public void ClearAll()
    {
        _states.Span.Clear();
        foreach ((_, OwnerPin pin) in _pins)
            pin.Reset();
    }

    /// <summary>True when <paramref name="condition"/> holds now. A PIN reference nobody registered never holds.</summary>
    public bool IsSatisfied(AccessCondition condition) => condition.Kind switch
    {
        AccessConditionKind.Always => true,
        AccessConditionKind.Pin => FindPin(condition.Reference)?.IsValidated == true,
        AccessConditionKind.SecureState => IsSet(condition.Reference),
        _ => false,
    };

    /// <summary>Throws <see cref="IsoException"/> with 6982 unless <paramref name="condition"/> holds.</summary>
    public void Demand(AccessCondition condition)
    {
        if (!IsSatisfied(condition))
            throw new IsoException(StatusWord.SecurityStatusNotSatisfied);
    }

    /// <summary>
    /// Processes VERIFY (INS '20') and CHANGE REFERENCE DATA (INS '24') with an interindustry CLA; returns false,
    /// touching nothing, for any other command. docs/applets/iso-filesystem.md specifies every status word.
    /// </summary>
    /// <exception cref="IsoException">The status word that answers the command.</exception>
    public bool Process(ApduContext apdu)
    {
        if (apdu.Cla.IsProprietary)
            return false;
        switch (apdu.Ins)
        {
            case InsVerify:
                Verify(apdu);
                return true;
            case InsChangeReferenceData:
                ChangeReferenceData(apdu);
                return true;
            default:
                return false;
        }
    }

    private static StatusWord Failed(OwnerPin pin) =>
        StatusWord.VerificationFailed(pin.TriesRemaining);

    /// <summary>VERIFY (ISO/IEC 7816-4 7.5.6): present a PIN, ask its status (no data), or reset its verification status (P1 'FF').</summary>
    private void Verify(ApduContext apdu)
    {
        if (apdu.P1 is not (0x00 or 0xFF) || !AccessCondition.IsValidPinReference(apdu.P2))
            throw new IsoException(StatusWord.IncorrectP1P2);
        if (apdu.Ne != 0)
            throw new IsoException(StatusWord.WrongLength);
        OwnerPin pin = FindPin(apdu.P2) ?? throw new IsoException(StatusWord.ReferencedDataNotFound);

        if (apdu.P1 == 0xFF)
        {
            // ISO/IEC 7816-4:2013 11.5.6: P1 'FF' with no data sets the reference data back to "not verified".
            if (!apdu.Data.IsEmpty)
                throw new IsoException(StatusWord.WrongLength);
            pin.Reset();
            return;
        }

        if (apdu.Data.IsEmpty)
        {
            // An empty data field asks for the status: verified (9000), blocked (6983), or the tries left (63Cx).
            if (pin.IsValidated)
                return;
            throw new IsoException(pin.IsBlocked ? StatusWord.AuthenticationMethodBlocked : Failed(pin));
        }

        if (apdu.Data.Length > pin.MaxLength)
            throw new IsoException(StatusWord.WrongLength);
        Present(pin, apdu.Data);
    }

    /// <summary>
    /// CHANGE REFERENCE DATA (ISO/IEC 7816-4 7.5.7): P1 '00' with the current PIN then the new one, of equal lengths;
    /// P1 '01' with the new PIN alone, while the PIN is validated.
    /// </summary>
    private void ChangeReferenceData(ApduContext apdu)
    {
        if (apdu.P1 is not (0x00 or 0x01) || !AccessCondition.IsValidPinReference(apdu.P2))
            throw new IsoException(StatusWord.IncorrectP1P2);
        if (apdu.Ne != 0)
            throw new IsoException(StatusWord.WrongLength);
        OwnerPin pin = FindPin(apdu.P2) ?? throw new IsoException(StatusWord.ReferencedDataNotFound);

        ReadOnlySpan<byte> data = apdu.Data;
        if (apdu.P1 == 0x01)
        {
            if (data.IsEmpty || data.Length > pin.MaxLength)
                throw new IsoException(StatusWord.WrongLength);
            if (!pin.IsValidated)
                throw new IsoException(StatusWord.SecurityStatusNotSatisfied);
            pin.Update(data);
            return;
        }

        if (data.IsEmpty || data.Length % 2 != 0 || data.Length / 2 > pin.MaxLength)
            throw new IsoException(StatusWord.WrongLength);
        int half = data.Length / 2;
        Present(pin, data[..half]);
        pin.Update(data[half..]);
    }

    /// <summary>Checks <paramref name="candidate"/>; returns on a match, throws 6984, 6983 or 63Cx otherwise.</summary>
    private static void Present(OwnerPin pin, ReadOnlySpan<byte> candidate)
    {
        if (!pin.HasValue)
            throw new IsoException(StatusWord.ReferenceDataNotUsable);
        if (pin.IsBlocked)
            throw new IsoException(StatusWord.AuthenticationMethodBlocked);
        if (!pin.Check(candidate))
            throw new IsoException(Failed(pin));
    }
}
