using CardOS.Apdu;
using CardOS.Runtime;

namespace CardOS.Applets.BankHierarchy;

/// <content>
/// The holder's PIN (reference 81) and holder key (reference 82), and the file commands. Until the ISO file system and
/// OwnerPin reach this branch, no credential can be presented: amounts above MIN_TRANS and bank transactions answer 6982.
/// </content>
public sealed partial class BankCardApplet
{
    /// <summary>VERIFY's P2 for the PIN.</summary>
    public const byte PinReference = 0x81;

    /// <summary>VERIFY's P2 for the holder key.</summary>
    public const byte HolderKeyReference = 0x82;

#pragma warning disable CA1822, IDE0060 // Interim: bound to the security status once OwnerPin is available.
    private bool PinVerified => false;

    private bool HolderKeyVerified => false;

    private int PinTriesRemaining => 0;

    private void InitialiseSecurity(AppletContext context)
    {
    }

    private void SetCredentials(ReadOnlySpan<byte> pin, ReadOnlySpan<byte> holderKey)
    {
    }

    private bool ProcessSecurityAndFiles(ApduContext apdu) => false;
#pragma warning restore CA1822, IDE0060
}
