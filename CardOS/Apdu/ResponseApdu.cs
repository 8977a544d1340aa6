namespace CardOS.Apdu;

/// <summary>An immutable response APDU: the response data field and the status word.</summary>
public sealed class ResponseApdu : IEquatable<ResponseApdu>
{
    private readonly byte[] _data;

    /// <summary>Creates a response from its data field and status word.</summary>
    public ResponseApdu(ReadOnlySpan<byte> data, StatusWord statusWord)
    {
        _data = data.ToArray();
        StatusWord = statusWord;
    }

    /// <summary>The response data field (may be empty).</summary>
    public ReadOnlyMemory<byte> Data => _data;

    /// <summary>SW1-SW2.</summary>
    public StatusWord StatusWord { get; }

    /// <summary>SW1.</summary>
    public byte Sw1 => StatusWord.Sw1;

    /// <summary>SW2.</summary>
    public byte Sw2 => StatusWord.Sw2;

    /// <summary>Reads a response: data followed by SW1-SW2. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> encoded, out ResponseApdu? response)
    {
        if (encoded.Length < 2)
        {
            response = null;
            return false;
        }

        response = new ResponseApdu(encoded[..^2], StatusWord.ReadFrom(encoded));
        return true;
    }

    /// <summary>Reads a response, throwing <see cref="FormatException"/> when it is shorter than a status word.</summary>
    public static ResponseApdu Parse(ReadOnlySpan<byte> encoded) =>
        TryParse(encoded, out ResponseApdu? response)
            ? response!
            : throw new FormatException($"A response APDU has at least two bytes (SW1 SW2); got {encoded.Length}.");

    /// <summary>The data followed by SW1-SW2.</summary>
    public byte[] ToArray()
    {
        var encoded = new byte[_data.Length + 2];
        _data.CopyTo(encoded, 0);
        StatusWord.WriteTo(encoded.AsSpan(_data.Length));
        return encoded;
    }

    /// <summary>Throws <see cref="IsoException"/> unless the status word is 9000.</summary>
    /// <returns>This response, for chaining.</returns>
    public ResponseApdu EnsureSuccess() =>
        StatusWord == StatusWord.Success ? this : throw new IsoException(StatusWord);

    /// <inheritdoc />
    public bool Equals(ResponseApdu? other) =>
        other is not null && StatusWord == other.StatusWord && _data.AsSpan().SequenceEqual(other._data);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ResponseApdu);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(StatusWord);
        hash.AddBytes(_data);
        return hash.ToHashCode();
    }

    /// <summary>Data and status word in hex, for example "6F0A...9000".</summary>
    public override string ToString() => Hex.Encode(ToArray());
}
