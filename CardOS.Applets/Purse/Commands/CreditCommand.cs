using CardOS.Apdu;

namespace CardOS.Applets.Purse.Commands;

/// <summary>Purse CREDIT: <c>80 56 00 00 08 S2 00</c>.</summary>
public sealed class CreditCommand : IPurseCommand<CreditResponse>
{
    private readonly byte[] _s2;

    /// <summary>A CREDIT carrying the load module's S2.</summary>
    public CreditCommand(ReadOnlySpan<byte> s2)
    {
        if (s2.Length != PurseFormat.MacLength)
            throw new ArgumentException("S2 has 8 bytes.", nameof(s2));
        _s2 = s2.ToArray();
    }

    /// <inheritdoc />
    public CommandApdu CreateCommandApdu() => new(PurseInstructions.ProprietaryClass, PurseInstructions.Credit, 0x00, 0x00, _s2, 256);

    /// <inheritdoc />
    public CreditResponse CreateResponseForApdu(ResponseApdu responseApdu) => new(responseApdu);
}
