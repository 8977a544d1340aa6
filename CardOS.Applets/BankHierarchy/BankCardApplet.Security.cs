using CardOS.Runtime;
using CardOS.Security;

namespace CardOS.Applets.BankHierarchy;

/// <content>The holder's PIN (reference 81) and holder key (reference 82), and the interindustry file and VERIFY commands.</content>
public sealed partial class BankCardApplet
{
    /// <summary>VERIFY's P2 for the PIN.</summary>
    public const byte PinReference = 0x81;

    /// <summary>VERIFY's P2 for the holder key.</summary>
    public const byte HolderKeyReference = 0x82;

    /// <summary>Wrong presentations before the PIN or the holder key blocks.</summary>
    public const int TryLimit = 3;

    private const ushort FileSystemObjectId = 1;
    private const ushort PinObjectId = 2;
    private const ushort HolderKeyObjectId = 3;

    private bool PinVerified => _pin.IsValidated;

    private bool HolderKeyVerified => _holderKey.IsValidated;

    private int PinTriesRemaining => _pin.TriesRemaining;

    /// <inheritdoc />
    protected override bool OnSelect(int channel)
    {
        _files.FileSystem.ResetSelection(channel);
        return true;
    }

    /// <inheritdoc />
    protected override void ProcessSelect(ApduContext apdu) => _files.FileSystem.ProcessApplicationSelect(apdu);

    private static (SecurityStatus Security, OwnerPin Pin, OwnerPin HolderKey) CreateSecurity(AppletContext context)
    {
        var security = new SecurityStatus(context);
        var pin = new OwnerPin(context, PinObjectId, TryLimit, 8);
        var holderKey = new OwnerPin(context, HolderKeyObjectId, TryLimit, 16);
        security.AddPin(PinReference, pin);
        security.AddPin(HolderKeyReference, holderKey);
        return (security, pin, holderKey);
    }

    /// <summary>Sets the PIN and the holder key (inside PERSONALISE's transaction).</summary>
    private void SetCredentials(ReadOnlySpan<byte> pin, ReadOnlySpan<byte> holderKey)
    {
        _pin.Update(pin);
        if (!holderKey.IsEmpty)
            _holderKey.Update(holderKey);
    }

    /// <summary>VERIFY and CHANGE REFERENCE DATA, then SELECT, READ BINARY and READ RECORD (the files' update conditions are NEV).</summary>
    private bool ProcessSecurityAndFiles(ApduContext apdu) => _security.Process(apdu) || _files.FileSystem.Process(apdu);
}
