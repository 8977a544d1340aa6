using CardOS.Apdu;

namespace CardOS.Applets.BankHierarchy.Commands;

/// <summary>CREATE MONEY (<c>80 40 00 00 0B</c>) on the center card: amount ‖ MAC under the creation key.</summary>
public sealed class CreateMoneyCommand
{
    private readonly byte[] _data;

    private CreateMoneyCommand(byte[] data)
    {
        _data = data;
    }

    /// <summary>
    /// Creates <paramref name="amount"/> with the MAC the holder of <paramref name="creationKey"/> computes over the
    /// center's <paramref name="challenge"/>, its <paramref name="account"/> and the amount.
    /// </summary>
    public static CreateMoneyCommand Create(uint amount, ReadOnlySpan<byte> challenge, AccountNumber account, ReadOnlySpan<byte> creationKey, CryptoProfile profile)
    {
        if (amount > BankBalance.MaxAmount)
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "Amounts have 24 bits.");
        byte[] input = new byte[19];
        challenge[..8].CopyTo(input);
        account.WriteTo(input.AsSpan(8));
        BankBalance.WriteUInt24(input.AsSpan(16), amount);
        byte[] data = new byte[3 + BankCrypto.MacSize];
        BankBalance.WriteUInt24(data, amount);
        BankCrypto.ComputeMac16(profile, creationKey, input, data.AsSpan(3));
        return new CreateMoneyCommand(data);
    }

    /// <summary>The command APDU.</summary>
    public CommandApdu CreateCommandApdu() => new(BankInstructions.ProprietaryClass, BankInstructions.CreateMoney, 0x00, 0x00, _data);

    /// <summary>Reads the answer.</summary>
    public static BankResponse CreateResponse(ResponseApdu response) => new(response);
}
