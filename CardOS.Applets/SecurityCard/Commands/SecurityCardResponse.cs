using CardOS.Apdu;

namespace CardOS.Applets.SecurityCard.Commands;

/// <summary>A security card response: the status word and any data. Commands that answer no data read their response with this class.</summary>
public class SecurityCardResponse
{
    /// <summary>Wraps a response APDU.</summary>
    public SecurityCardResponse(ResponseApdu response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Response = response;
    }

    /// <summary>The response APDU.</summary>
    public ResponseApdu Response { get; }

    /// <summary>The status word.</summary>
    public StatusWord StatusWord => Response.StatusWord;

    /// <summary>True for 9000.</summary>
    public bool IsSuccess => StatusWord == StatusWord.Success;

    /// <summary>Throws <see cref="IsoException"/> carrying the status word unless it is 9000.</summary>
    public void ThrowIfFailed()
    {
        if (!IsSuccess)
            throw new IsoException(StatusWord, $"The security card answered {StatusWord}.");
    }

    /// <summary>The data, after <see cref="ThrowIfFailed"/>.</summary>
    protected ReadOnlySpan<byte> SuccessData
    {
        get
        {
            ThrowIfFailed();
            return Response.Data.Span;
        }
    }
}
