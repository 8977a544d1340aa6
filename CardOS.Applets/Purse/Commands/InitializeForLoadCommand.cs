using System.Buffers.Binary;
using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>Purse INITIALIZE FOR LOAD: <c>80 52 00 00 0E amount currency date load-module-id 00</c>.</summary>
public sealed class InitializeForLoadCommand : IPurseCommand<InitializeForLoadResponse>
{
    private readonly byte[] _data = new byte[PurseFormat.LoadInitDataLength];

    /// <summary>A load request of <paramref name="amount"/> (0: the zero-value request of the recovery).</summary>
    public InitializeForLoadCommand(uint amount, ushort currency, ReadOnlySpan<byte> date, ReadOnlySpan<byte> loadModuleId)
    {
        if (date.Length != BcdDate.Length)
            throw new ArgumentException("A date has 4 bytes.", nameof(date));
        if (loadModuleId.Length != PurseFormat.ModuleIdLength)
            throw new ArgumentException("A load module id has 4 bytes.", nameof(loadModuleId));
        BinaryPrimitives.WriteUInt32BigEndian(_data, amount);
        BinaryPrimitives.WriteUInt16BigEndian(_data.AsSpan(4), currency);
        date.CopyTo(_data.AsSpan(6));
        loadModuleId.CopyTo(_data.AsSpan(10));
    }

    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() => new(PurseInstructions.ProprietaryClass, PurseInstructions.InitializeForLoad, 0x00, 0x00, _data, 256);

    /// <inheritdoc />
    public InitializeForLoadResponse CreateResponseForApdu(ResponseApdu responseApdu) => new(responseApdu);
}
