using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>Purse DEBIT: <c>80 54 00 00 18 amount date psam-id psam-sequence S2 00</c>, the data as the PSAM built it.</summary>
public sealed class DebitCommand : IPurseCommand<DebitResponse>
{
    private readonly byte[] _data;

    /// <summary>A DEBIT carrying the PSAM's 24 bytes (<see cref="PsamInitializePurchaseResponse.DebitData"/>).</summary>
    public DebitCommand(ReadOnlySpan<byte> debitData)
    {
        if (debitData.Length != PurseFormat.DebitDataLength)
            throw new ArgumentException($"DEBIT data has {PurseFormat.DebitDataLength} bytes.", nameof(debitData));
        _data = debitData.ToArray();
    }

    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() => new(PurseInstructions.ProprietaryClass, PurseInstructions.Debit, 0x00, 0x00, _data, 256);

    /// <inheritdoc />
    public DebitResponse CreateResponseForApdu(ResponseApdu responseApdu) => new(responseApdu);
}
