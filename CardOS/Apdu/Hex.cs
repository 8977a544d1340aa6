namespace CardOS.Apdu;

/// <summary>Hex text for APDUs in tests, traces and scripts: upper case, white space ignored on input.</summary>
public static class Hex
{
    /// <summary>Decodes hex digits, ignoring spaces, tabs, line breaks, colons and dashes between bytes.</summary>
    /// <exception cref="FormatException">An odd number of digits or a character that is not a hex digit.</exception>
    public static byte[] Decode(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        Span<char> digits = hex.Length <= 1024 ? stackalloc char[hex.Length] : new char[hex.Length];
        int count = 0;
        foreach (char c in hex)
        {
            if (c is ' ' or '\t' or '\r' or '\n' or ':' or '-')
                continue;
            digits[count++] = c;
        }

        return Convert.FromHexString(digits[..count]);
    }

    /// <summary>Encodes bytes as upper-case hex digits with no separators.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);
}
