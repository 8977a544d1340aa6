using System.Buffers.Binary;
using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>Load module CONFIRM LOAD: <c>80 22 00 00 14 card balance-after S3 00</c>.</summary>
public sealed class ConfirmLoadCommand : IPurseCommand<PsamTotalsResponse>
{
    private readonly byte[] _data = new byte[PurseFormat.CardNumberLength + 4 + PurseFormat.MacLength];

    /// <summary>Hands the module the purse's CREDIT answer.</summary>
    public ConfirmLoadCommand(ReadOnlySpan<byte> cardNumber, uint balanceAfter, ReadOnlySpan<byte> s3)
    {
        if (cardNumber.Length != PurseFormat.CardNumberLength)
            throw new ArgumentException("A card number has 8 bytes.", nameof(cardNumber));
        if (s3.Length != PurseFormat.MacLength)
            throw new ArgumentException("S3 has 8 bytes.", nameof(s3));
        cardNumber.CopyTo(_data);
        BinaryPrimitives.WriteUInt32BigEndian(_data.AsSpan(8), balanceAfter);
        s3.CopyTo(_data.AsSpan(12));
    }

    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() => new(PurseInstructions.ProprietaryClass, PurseInstructions.LoadConfirm, 0x00, 0x00, _data, 256);

    /// <inheritdoc />
    public PsamTotalsResponse CreateResponseForApdu(ResponseApdu responseApdu) => new(responseApdu);
}
