using System.Buffers.Binary;
using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>Purse UPDATE PARAMETERS: <c>80 58 00 00 10 new-expiry new-maximum MAC</c>.</summary>
public sealed class UpdateParametersCommand : IPurseCommand<StatusResponse>
{
    private readonly byte[] _data = new byte[PurseFormat.UpdateDataLength];

    /// <summary>An update signed by the load module's SIGN UPDATE.</summary>
    public UpdateParametersCommand(ReadOnlySpan<byte> newExpiry, uint newMaximumBalance, ReadOnlySpan<byte> mac)
    {
        if (newExpiry.Length != BcdDate.Length)
            throw new ArgumentException("A date has 4 bytes.", nameof(newExpiry));
        if (mac.Length != PurseFormat.MacLength)
            throw new ArgumentException("The MAC has 8 bytes.", nameof(mac));
        newExpiry.CopyTo(_data);
        BinaryPrimitives.WriteUInt32BigEndian(_data.AsSpan(4), newMaximumBalance);
        mac.CopyTo(_data.AsSpan(8));
    }

    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() => new(PurseInstructions.ProprietaryClass, PurseInstructions.UpdateParameters, 0x00, 0x00, _data);

    /// <inheritdoc />
    public StatusResponse CreateResponseForApdu(ResponseApdu responseApdu) => new(responseApdu);
}
