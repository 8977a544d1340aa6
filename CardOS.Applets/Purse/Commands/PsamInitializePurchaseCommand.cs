using System.Buffers.Binary;
using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>PSAM INITIALIZE PURCHASE: <c>80 70 00 00 2C purse-answer(36) amount date 00</c>.</summary>
public sealed class PsamInitializePurchaseCommand : IPurseCommand<PsamInitializePurchaseResponse>
{
    private readonly byte[] _data = new byte[PurseFormat.PurchaseInitLength + 8];

    /// <summary>Asks the PSAM to sign a DEBIT of <paramref name="amount"/> on <paramref name="date"/> for the purse that gave <paramref name="purseAnswer"/>.</summary>
    public PsamInitializePurchaseCommand(ReadOnlySpan<byte> purseAnswer, uint amount, ReadOnlySpan<byte> date)
    {
        if (purseAnswer.Length != PurseFormat.PurchaseInitLength)
            throw new ArgumentException($"The purse's answer has {PurseFormat.PurchaseInitLength} bytes.", nameof(purseAnswer));
        if (date.Length != BcdDate.Length)
            throw new ArgumentException("A date has 4 bytes.", nameof(date));
        purseAnswer.CopyTo(_data);
        BinaryPrimitives.WriteUInt32BigEndian(_data.AsSpan(PurseFormat.PurchaseInitLength), amount);
        date.CopyTo(_data.AsSpan(PurseFormat.PurchaseInitLength + 4));
    }

    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() => new(PurseInstructions.ProprietaryClass, PurseInstructions.PsamInitializePurchase, 0x00, 0x00, _data, 256);

    /// <inheritdoc />
    public PsamInitializePurchaseResponse CreateResponseForApdu(ResponseApdu responseApdu) => new(responseApdu);
}
