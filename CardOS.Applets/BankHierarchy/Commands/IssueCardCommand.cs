using CardOS.Apdu;

namespace CardOS.Applets.BankHierarchy.Commands;

/// <summary>ISSUE CARD (<c>80 10 00 00</c>) on the admin card.</summary>
public sealed class IssueCardCommand
{
    /// <summary>Asks the admin card to issue the card <paramref name="request"/> describes.</summary>
    public IssueCardCommand(IssueRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Request = request;
    }

    /// <summary>The request.</summary>
    public IssueRequest Request { get; }

    /// <summary>The command APDU (Le 00: the answer, up to 264 bytes, may come behind 61xx).</summary>
    public CommandApdu CreateCommandApdu() => new(BankInstructions.ProprietaryClass, BankInstructions.IssueCard, 0x00, 0x00, Request.Encode(), 256);

    /// <summary>Reads the answer.</summary>
    public static IssueCardResponse CreateResponse(ResponseApdu response) => new(response);
}
