using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>Load module AUTHORIZE LOAD: <c>80 20 00 00 38 purse-load-request(56) 00</c>.</summary>
public sealed class AuthorizeLoadCommand : IPurseCommand<AuthorizeLoadResponse>
{
    private readonly byte[] _request;

    /// <summary>Hands the module the purse's INITIALIZE FOR LOAD answer.</summary>
    public AuthorizeLoadCommand(ReadOnlySpan<byte> purseRequest)
    {
        if (purseRequest.Length != PurseFormat.LoadInitLength)
            throw new ArgumentException($"A load request has {PurseFormat.LoadInitLength} bytes.", nameof(purseRequest));
        _request = purseRequest.ToArray();
    }

    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() => new(PurseInstructions.ProprietaryClass, PurseInstructions.LoadAuthorize, 0x00, 0x00, _request, 256);

    /// <inheritdoc />
    public AuthorizeLoadResponse CreateResponseForApdu(ResponseApdu responseApdu) => new(responseApdu);
}
