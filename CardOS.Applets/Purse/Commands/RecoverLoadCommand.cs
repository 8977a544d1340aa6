using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>Load module RECOVER LOAD: <c>80 24 00 00 38 zero-value-load-request(56) 00</c>.</summary>
public sealed class RecoverLoadCommand : IPurseCommand<RecoverLoadResponse>
{
    private readonly byte[] _request;

    /// <summary>Hands the module the purse's answer to a zero-value INITIALIZE FOR LOAD.</summary>
    public RecoverLoadCommand(ReadOnlySpan<byte> zeroValueRequest)
    {
        if (zeroValueRequest.Length != PurseFormat.LoadInitLength)
            throw new ArgumentException($"A load request has {PurseFormat.LoadInitLength} bytes.", nameof(zeroValueRequest));
        _request = zeroValueRequest.ToArray();
    }

    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() => new(PurseInstructions.ProprietaryClass, PurseInstructions.LoadRecover, 0x00, 0x00, _request, 256);

    /// <inheritdoc />
    public RecoverLoadResponse CreateResponseForApdu(ResponseApdu responseApdu) => new(responseApdu);
}
