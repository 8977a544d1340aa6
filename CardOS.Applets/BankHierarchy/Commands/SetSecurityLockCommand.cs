using CardOS.Apdu;
using CardOS.Applets.SecurityCard;

namespace CardOS.Applets.BankHierarchy.Commands;

/// <summary>
/// SET SECURITY LOCK (<c>80 44 P1 00 20</c>): P1 01 closes, 00 opens, with the security key card's 32-byte cryptogram
/// (<c>SecurityKeyCardDriver.ComputeCryptogram</c>) over the card's 16-byte challenge and its account number.
/// </summary>
public sealed class SetSecurityLockCommand
{
    private readonly byte[] _cryptogram;

    /// <summary>Sends a cryptogram computed elsewhere (by a security key card).</summary>
    public SetSecurityLockCommand(bool close, ReadOnlySpan<byte> cryptogram)
    {
        Close = close;
        _cryptogram = cryptogram.ToArray();
    }

    /// <summary>True to close the lock, false to open it.</summary>
    public bool Close { get; }

    /// <summary>The cryptogram a host holding the lock master key computes, as the security key card does.</summary>
    public static byte[] ComputeCryptogram(bool close, ReadOnlySpan<byte> challenge, AccountNumber account, ReadOnlySpan<byte> lockMasterKey)
    {
        LockOperation operation = close ? LockOperation.Close : LockOperation.Open;
        byte[] cardKey = SecurityCardMacs.DeriveLockKey(lockMasterKey, operation, account.Bcd);
        byte[] cryptogram = new byte[SecurityCardMacs.KeyLength];
        SecurityCardMacs.ComputeLockCryptogram(cardKey, operation, challenge, account.Bcd, cryptogram);
        return cryptogram;
    }

    /// <summary>The command APDU.</summary>
    public CommandApdu CreateCommandApdu() => new(BankInstructions.ProprietaryClass, BankInstructions.SetSecurityLock, Close ? (byte)1 : (byte)0, 0x00, _cryptogram);

    /// <summary>Reads the answer.</summary>
    public static BankResponse CreateResponse(ResponseApdu response) => new(response);
}
