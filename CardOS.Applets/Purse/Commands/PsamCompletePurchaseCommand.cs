using System.Buffers.Binary;
using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>PSAM COMPLETE PURCHASE: <c>80 72 00 00 10 sequence balance-after S3 00</c>.</summary>
public sealed class PsamCompletePurchaseCommand : IPurseCommand<PsamTotalsResponse>
{
    private readonly byte[] _data = new byte[16];

    /// <summary>Hands the PSAM the purse's DEBIT answer for purchase <paramref name="sequence"/>.</summary>
    public PsamCompletePurchaseCommand(uint sequence, uint balanceAfter, ReadOnlySpan<byte> s3)
    {
        if (s3.Length != PurseFormat.MacLength)
            throw new ArgumentException("S3 has 8 bytes.", nameof(s3));
        BinaryPrimitives.WriteUInt32BigEndian(_data, sequence);
        BinaryPrimitives.WriteUInt32BigEndian(_data.AsSpan(4), balanceAfter);
        s3.CopyTo(_data.AsSpan(8));
    }

    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() => new(PurseInstructions.ProprietaryClass, PurseInstructions.PsamCompletePurchase, 0x00, 0x00, _data, 256);

    /// <inheritdoc />
    public PsamTotalsResponse CreateResponseForApdu(ResponseApdu responseApdu) => new(responseApdu);
}
