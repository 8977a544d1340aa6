namespace CardOS.Apdu;

/// <summary>
/// The base of host-side response classes: a response APDU, its status word, and its data once the status word says
/// success. Each command's response class derives from it and reads its fields from <see cref="SuccessData"/>.
/// </summary>
public class CommandResponse
{
    /// <summary>Wraps <paramref name="response"/>.</summary>
    public CommandResponse(ResponseApdu response)
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
    /// <exception cref="FormatException">9000 with data of another length.</exception>
    protected ReadOnlySpan<byte> DataOfLength(int length)
    {
        ReadOnlySpan<byte> data = SuccessData;
        if (data.Length != length)
            throw new FormatException($"The card answered {data.Length} bytes where {length} were expected.");
        return data;
    }
}
