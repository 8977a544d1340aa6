using CardOS.Apdu;

namespace CardOS.Applets.BankHierarchy.Commands;

/// <summary>SET SECURITY LOCK (<c>80 44 P1 00 08</c>): P1 01 closes, 00 opens, with a cryptogram under the matching lock key.</summary>
public sealed class SetSecurityLockCommand
{
    private readonly byte[] _cryptogram;

    /// <summary>Sends a cryptogram computed elsewhere (for example by a security key card).</summary>
    public SetSecurityLockCommand(bool close, ReadOnlySpan<byte> cryptogram)
    {
        Close = close;
        _cryptogram = cryptogram.ToArray();
    }

    /// <summary>True to close the lock, false to open it.</summary>
    public bool Close { get; }

    /// <summary>The cryptogram over the card's <paramref name="challenge"/>, its <paramref name="account"/> and P1, under <paramref name="lockKey"/>.</summary>
    public static byte[] ComputeCryptogram(bool close, ReadOnlySpan<byte> challenge, AccountNumber account, ReadOnlySpan<byte> lockKey, CryptoProfile profile)
    {
        byte[] input = new byte[17];
        challenge[..8].CopyTo(input);
        account.WriteTo(input.AsSpan(8));
        input[16] = close ? (byte)1 : (byte)0;
        byte[] cryptogram = new byte[BankCrypto.MacSize];
        BankCrypto.ComputeMac16(profile, lockKey, input, cryptogram);
        return cryptogram;
    }

    /// <summary>Builds the command with the cryptogram computed from <paramref name="lockKey"/>.</summary>
    public static SetSecurityLockCommand Create(bool close, ReadOnlySpan<byte> challenge, AccountNumber account, ReadOnlySpan<byte> lockKey, CryptoProfile profile) =>
        new(close, ComputeCryptogram(close, challenge, account, lockKey, profile));

    /// <summary>The command APDU.</summary>
    public CommandApdu CreateCommandApdu() => new(BankInstructions.ProprietaryClass, BankInstructions.SetSecurityLock, Close ? (byte)1 : (byte)0, 0x00, _cryptogram);

    /// <summary>Reads the answer.</summary>
    public static BankResponse CreateResponse(ResponseApdu response) => new(response);
}
