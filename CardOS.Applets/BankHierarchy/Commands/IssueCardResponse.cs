using System.Buffers.Binary;
using CardOS.Apdu;

namespace CardOS.Applets.BankHierarchy.Commands;

/// <summary>ISSUE CARD's answer: the assigned account number and the wrapped personalisation record.</summary>
public sealed class IssueCardResponse : BankResponse
{
    /// <summary>Reads <paramref name="response"/>.</summary>
    public IssueCardResponse(ResponseApdu response)
        : base(response)
    {
    }

    /// <summary>The new card's account number.</summary>
    public AccountNumber Account => new(BinaryPrimitives.ReadUInt64BigEndian(SuccessData));

    /// <summary>The wrapped record, the data of PERSONALISE.</summary>
    public byte[] WrappedRecord => SuccessData[8..].ToArray();
}
