using System.Buffers.Binary;
using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>PSAM READ RESOLUTION: <c>80 7A 00 00 04 sequence 00</c>.</summary>
public sealed class PsamReadResolutionCommand : IPurseCommand<PsamReadResolutionResponse>
{
    private readonly byte[] _data = new byte[4];

    /// <summary>Asks how purchase <paramref name="sequence"/> ended.</summary>
    public PsamReadResolutionCommand(uint sequence) => BinaryPrimitives.WriteUInt32BigEndian(_data, sequence);

    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() => new(PurseInstructions.ProprietaryClass, PurseInstructions.PsamReadResolution, 0x00, 0x00, _data, 256);

    /// <inheritdoc />
    public PsamReadResolutionResponse CreateResponseForApdu(ResponseApdu responseApdu) => new(responseApdu);
}
