using CardOS.Apdu;

namespace CardOS.Applets.BankHierarchy.Commands;

/// <summary>A bank applet response: its status word, and its data once the status word says success.</summary>
public class BankResponse
{
    /// <summary>Wraps <paramref name="response"/>.</summary>
    public BankResponse(ResponseApdu response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Response = response;
    }

    /// <summary>The response APDU as received.</summary>
    public ResponseApdu Response { get; }

    /// <summary>SW1-SW2.</summary>
    public StatusWord StatusWord => Response.StatusWord;

    /// <summary>True for 9000.</summary>
    public bool IsSuccess => StatusWord == StatusWord.Success;

    /// <summary>Throws <see cref="IsoException"/> with the status word unless it is 9000.</summary>
    public void ThrowIfFailed()
    {
        if (!IsSuccess)
            throw new IsoException(StatusWord);
    }

    /// <summary>The response data after <see cref="ThrowIfFailed"/>.</summary>
    protected ReadOnlySpan<byte> SuccessData
    {
        get
        {
            ThrowIfFailed();
            return Response.Data.Span;
        }
    }

    /// <summary>The response data after <see cref="ThrowIfFailed"/>, checked to be exactly <paramref name="length"/> bytes.</summary>
    protected ReadOnlySpan<byte> DataOfLength(int length)
    {
        ReadOnlySpan<byte> data = SuccessData;
        if (data.Length != length)
            throw new FormatException($"The card answered {data.Length} bytes where {length} were expected.");
        return data;
    }
}
