using System.Buffers.Binary;
using System.Text;
using CardOS.Apdu;

namespace CardOS.Applets.BankHierarchy.Commands;

/// <summary>GET CARD STATUS's 34 bytes (docs/applets/bank-hierarchy.md).</summary>
public sealed class GetCardStatusResponse : BankResponse
{
    /// <summary>The answer's length.</summary>
    public const int Length = 34;

    /// <summary>Reads <paramref name="response"/>.</summary>
    public GetCardStatusResponse(ResponseApdu response)
        : base(response)
    {
    }

    /// <summary>The card's role.</summary>
    public BankRole Role => (BankRole)Bytes[0];

    /// <summary>The crypto profile.</summary>
    public CryptoProfile Profile => (CryptoProfile)Bytes[1];

    /// <summary>Blank, active or invalidated.</summary>
    public BankLifeState LifeState => (BankLifeState)Bytes[2];

    /// <summary>True while the security lock is closed.</summary>
    public bool IsLocked => Bytes[3] != 0;

    /// <summary>The BAD_KEY count.</summary>
    public int BadKeyCount => BinaryPrimitives.ReadUInt16BigEndian(Bytes[4..]);

    /// <summary>The BAD_KEY limit.</summary>
    public int BadKeyLimit => Bytes[6];

    /// <summary>The currency.</summary>
    public byte Currency => Bytes[7];

    /// <summary>The account number.</summary>
    public AccountNumber Account => new(BinaryPrimitives.ReadUInt64BigEndian(Bytes[8..]));

    /// <summary>The public name, trailing spaces removed.</summary>
    public string PublicName => Encoding.ASCII.GetString(Bytes.Slice(16, 8)).TrimEnd(' ', '\0');

    /// <summary>The number of APPKEY0 (the card holds keys KeyNumber .. KeyNumber + 3).</summary>
    public byte KeyNumber => Bytes[24];

    /// <summary>KEY_INFO's date as stored (MMDDYYYY BCD).</summary>
    public uint KeyDate => BinaryPrimitives.ReadUInt32BigEndian(Bytes[25..]);

    /// <summary>The balance.</summary>
    public uint Balance => BinaryPrimitives.ReadUInt32BigEndian(Bytes[29..]);

    /// <summary>PIN presentations left.</summary>
    public int PinTriesLeft => Bytes[33];

    private ReadOnlySpan<byte> Bytes => DataOfLength(Length);
}
