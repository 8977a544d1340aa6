using System.Buffers.Binary;
using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>PSAM BEGIN RECOVERY: <c>80 74 00 00 04 sequence 00</c>.</summary>
public sealed class PsamBeginRecoveryCommand : IPurseCommand<PsamBeginRecoveryResponse>
{
    private readonly byte[] _data = new byte[4];

    /// <summary>Starts the recovery of pending purchase <paramref name="sequence"/>.</summary>
    public PsamBeginRecoveryCommand(uint sequence) => BinaryPrimitives.WriteUInt32BigEndian(_data, sequence);

    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() => new(PurseInstructions.ProprietaryClass, PurseInstructions.PsamBeginRecovery, 0x00, 0x00, _data, 256);

    /// <inheritdoc />
    public PsamBeginRecoveryResponse CreateResponseForApdu(ResponseApdu responseApdu) => new(responseApdu);
}
