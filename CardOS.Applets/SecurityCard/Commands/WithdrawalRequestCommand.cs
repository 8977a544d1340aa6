using System.Buffers.Binary;
using CardOS.Apdu;

namespace CardOS.Applets.SecurityCard.Commands;

/// <summary>WITHDRAWAL REQUEST <c>80 32 00 00 04 amount 00</c>: the card's authenticated request with a fresh seq# (PIN verified first).</summary>
public sealed class WithdrawalRequestCommand(uint amount) : ISecurityCardCommand<WithdrawalRequestResponse>
{
    /// <inheritdoc />
    public CommandApdu CreateCommandApdu()
    {
        Span<byte> data = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(data, amount);
        return new CommandApdu(SecurityCardInstructions.ClaProprietary, SecurityCardInstructions.WithdrawalRequest, 0x00, 0x00, data, ne: 256);
    }

    /// <inheritdoc />
    public WithdrawalRequestResponse CreateResponseForApdu(ResponseApdu response) => new(response);
}
