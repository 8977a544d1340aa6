using System.Buffers.Binary;
using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>Load module SIGN UPDATE: <c>80 26 00 00 19 issuer card key-version counter new-expiry new-maximum 00</c>.</summary>
public sealed class SignUpdateCommand : IPurseCommand<SignUpdateResponse>
{
    private readonly byte[] _data = new byte[25];

    /// <summary>Asks for the MAC of an UPDATE PARAMETERS for the purse in the state GET DATA reported.</summary>
    public SignUpdateCommand(ReadOnlySpan<byte> issuerId, ReadOnlySpan<byte> cardNumber, byte keyVersion, uint counter, ReadOnlySpan<byte> newExpiry, uint newMaximumBalance)
    {
        if (issuerId.Length != 4 || cardNumber.Length != 8 || newExpiry.Length != 4)
            throw new ArgumentException("Issuer id, card number and expiry have 4, 8 and 4 bytes.", nameof(issuerId));
        issuerId.CopyTo(_data);
        cardNumber.CopyTo(_data.AsSpan(4));
        _data[12] = keyVersion;
        BinaryPrimitives.WriteUInt32BigEndian(_data.AsSpan(13), counter);
        newExpiry.CopyTo(_data.AsSpan(17));
        BinaryPrimitives.WriteUInt32BigEndian(_data.AsSpan(21), newMaximumBalance);
    }

    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() => new(PurseInstructions.ProprietaryClass, PurseInstructions.LoadSignUpdate, 0x00, 0x00, _data, 256);

    /// <inheritdoc />
    public SignUpdateResponse CreateResponseForApdu(ResponseApdu responseApdu) => new(responseApdu);
}
