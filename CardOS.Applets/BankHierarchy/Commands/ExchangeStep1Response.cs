using CardOS.Apdu;

namespace CardOS.Applets.BankHierarchy.Commands;

/// <summary>EXCHANGE STEP 1's answer: P2 followed by P3 (payment) or P5 (interest).</summary>
public sealed class ExchangeStep1Response : BankResponse
{
    private readonly CryptoProfile _profile;

    /// <summary>Reads <paramref name="response"/> of a card of <paramref name="profile"/>.</summary>
    public ExchangeStep1Response(ResponseApdu response, CryptoProfile profile)
        : base(response)
    {
        _profile = profile;
    }

    /// <summary>P2 ‖ P3 (or P5) as the next command's data.</summary>
    public byte[] Packets => SuccessData.ToArray();

    /// <summary>P2.</summary>
    public byte[] P2 => SuccessData[..BankCrypto.PacketLength(_profile, 2)].ToArray();

    /// <summary>P3 or P5.</summary>
    public byte[] Challenge => SuccessData[BankCrypto.PacketLength(_profile, 2)..].ToArray();
}
