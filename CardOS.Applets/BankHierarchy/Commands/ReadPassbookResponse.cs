using CardOS.Apdu;

namespace CardOS.Applets.BankHierarchy.Commands;

/// <summary>One PASSBOOK record; 6A83 when the ring holds fewer records.</summary>
public sealed class ReadPassbookResponse : BankResponse
{
    /// <summary>Reads <paramref name="response"/>.</summary>
    public ReadPassbookResponse(ResponseApdu response)
        : base(response)
    {
    }

    /// <summary>True when the answer says there is no such record (6A83).</summary>
    public bool IsPastEnd => StatusWord == StatusWord.RecordNotFound;

    /// <summary>The record.</summary>
    public PassbookEntry Entry => PassbookEntry.Read(DataOfLength(PassbookEntry.Size));
}
