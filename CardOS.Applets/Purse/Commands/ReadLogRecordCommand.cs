using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>Purse READ RECORD of the log (SFI 1): <c>00 B2 nn 0C 00</c>, record 1 the newest.</summary>
public sealed class ReadLogRecordCommand : IPurseCommand<ReadLogRecordResponse>
{
    private readonly byte _record;

    /// <summary>Reads record <paramref name="record"/> (1 = newest, up to <see cref="PurseApplet.LogCapacity"/>).</summary>
    public ReadLogRecordCommand(int record)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(record, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(record, 255);
        _record = (byte)record;
    }

    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() => new(0x00, PurseInstructions.ReadRecord, _record, 0x0C, ne: 256);

    /// <inheritdoc />
    public ReadLogRecordResponse CreateResponseForApdu(ResponseApdu responseApdu) => new(responseApdu);
}
