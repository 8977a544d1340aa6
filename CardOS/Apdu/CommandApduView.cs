namespace CardOS.Apdu;

/// <summary>
/// A command APDU read in place from its encoded bytes: the header, the command data (Nc bytes)
/// and Ne, with no copy. This is what the card's dispatch loop parses every command into.
/// </summary>
public readonly ref struct CommandApduView
{
    /// <summary>The largest Nc an APDU can carry (extended Lc, ISO/IEC 7816-4 5.1).</summary>
    public const int MaxNc = 65535;

    /// <summary>The largest Ne an APDU can ask for (extended Le '0000').</summary>
    public const int MaxNe = 65536;

    /// <summary>The largest Ne a short Le can ask for (Le '00').</summary>
    public const int MaxShortNe = 256;

    private CommandApduView(ReadOnlySpan<byte> encoded, ReadOnlySpan<byte> data, int ne, IsoCase isoCase)
    {
        Encoded = encoded;
        Data = data;
        Ne = ne;
        Case = isoCase;
    }

    /// <summary>The whole encoded command.</summary>
    public ReadOnlySpan<byte> Encoded { get; }

    /// <summary>CLA, the class byte.</summary>
    public byte Cla => Encoded[0];

    /// <summary>INS, the instruction byte.</summary>
    public byte Ins => Encoded[1];

    /// <summary>P1, the first parameter byte.</summary>
    public byte P1 => Encoded[2];

    /// <summary>P2, the second parameter byte.</summary>
    public byte P2 => Encoded[3];

    /// <summary>The command data field (Nc bytes; empty for cases 1 and 2).</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>The maximum number of response data bytes expected; 0 when the command has no Le field.</summary>
    public int Ne { get; }

    /// <summary>The encoding this command arrived in.</summary>
    public IsoCase Case { get; }

    /// <summary>True when the command used extended Lc/Le fields.</summary>
    public bool IsExtended => Case >= IsoCase.Case2Extended;

    /// <summary>
    /// Reads a command APDU from <paramref name="encoded"/>. Never throws: any input that is not one of
    /// the seven encodings of ISO/IEC 7816-3 12.1.3 yields false.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> encoded, out CommandApduView view)
    {
        view = default;
        if (encoded.Length < 4)
            return false;

        // ISO/IEC 7816-3 12.1.3: the length of the body after the four header bytes selects the case.
        ReadOnlySpan<byte> body = encoded[4..];
        if (body.IsEmpty)
        {
            view = new CommandApduView(encoded, default, 0, IsoCase.Case1);
            return true;
        }

        if (body.Length == 1)
        {
            view = new CommandApduView(encoded, default, ShortNe(body[0]), IsoCase.Case2Short);
            return true;
        }

        if (body[0] != 0)
        {
            int lc = body[0];
            if (body.Length == 1 + lc)
            {
                view = new CommandApduView(encoded, body.Slice(1, lc), 0, IsoCase.Case3Short);
                return true;
            }

            if (body.Length == 2 + lc)
            {
                view = new CommandApduView(encoded, body.Slice(1, lc), ShortNe(body[^1]), IsoCase.Case4Short);
                return true;
            }

            return false;
        }

        // B1 = '00' and at least two more bytes: extended length fields.
        if (body.Length == 3)
        {
            view = new CommandApduView(encoded, default, ExtendedNe(body[1], body[2]), IsoCase.Case2Extended);
            return true;
        }

        if (body.Length < 3)
            return false;

        int extendedLc = (body[1] << 8) | body[2];
        if (extendedLc == 0)
            return false;

        if (body.Length == 3 + extendedLc)
        {
            view = new CommandApduView(encoded, body.Slice(3, extendedLc), 0, IsoCase.Case3Extended);
            return true;
        }

        if (body.Length == 5 + extendedLc)
        {
            view = new CommandApduView(encoded, body.Slice(3, extendedLc), ExtendedNe(body[^2], body[^1]), IsoCase.Case4Extended);
            return true;
        }

        return false;
    }

    /// <summary>Reads a command APDU, throwing <see cref="FormatException"/> where <see cref="TryParse"/> would fail.</summary>
    public static CommandApduView Parse(ReadOnlySpan<byte> encoded) =>
        TryParse(encoded, out CommandApduView view)
            ? view
            : throw new FormatException("The bytes are not a command APDU in any ISO/IEC 7816-3 12.1.3 encoding.");

    private static int ShortNe(byte le) => le == 0 ? MaxShortNe : le;

    private static int ExtendedNe(byte high, byte low)
    {
        int le = (high << 8) | low;
        return le == 0 ? MaxNe : le;
    }
}
