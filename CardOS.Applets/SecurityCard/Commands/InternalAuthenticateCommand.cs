using System.Buffers.Binary;
using CardOS.Apdu;

namespace CardOS.Applets.SecurityCard.Commands;

/// <summary>
/// INTERNAL AUTHENTICATE <c>00 88 00 81|82 18 challenge card# 00</c> to the security key card: the cryptogram that closes (81)
/// or opens (82) the lock of card card#, over that card's challenge.
/// </summary>
public sealed class InternalAuthenticateCommand(LockOperation operation, ReadOnlyMemory<byte> challenge, ulong cardNumber) : ISecurityCardCommand<CryptogramResponse>
{
    /// <inheritdoc />
    public CommandApdu CreateCommandApdu()
    {
        Span<byte> data = stackalloc byte[SecurityCardMacs.ChallengeLength + 8];
        challenge.Span.CopyTo(data);
        BinaryPrimitives.WriteUInt64BigEndian(data[SecurityCardMacs.ChallengeLength..], cardNumber);
        return new CommandApdu(SecurityCardInstructions.ClaIso, SecurityCardInstructions.InternalAuthenticate, 0x00, (byte)operation, data, ne: 256);
    }

    /// <inheritdoc />
    public CryptogramResponse CreateResponseForApdu(ResponseApdu response) => new(response);
}
