namespace CardOS.Runtime;

/// <summary>
/// Builds and checks answers to reset (ISO/IEC 7816-3 8.2): TS, T0, the interface bytes that offer
/// the card's protocol, the historical bytes and, whenever T=1 is offered, the check byte TCK.
/// </summary>
public static class Atr
{
    /// <summary>The most historical bytes an ATR can carry (K is four bits).</summary>
    public const int MaxHistoricalBytes = 15;

    /// <summary>
    /// Historical bytes CardOS uses when none are configured: category indicator '80' then the
    /// card capabilities data object '73' (ISO/IEC 7816-4 12.1.1.9): selection by full and partial DF name,
    /// path and file identifier; data coding 21 (proprietary write behaviour, i.e. overwrite, one-byte data units); command chaining, extended Lc/Le, logical channel
    /// assignment by card and interface, eight or more logical channels.
    /// </summary>
    public static ReadOnlySpan<byte> DefaultHistoricalBytes => [0x80, 0x73, 0xF0, 0x21, 0xDF];

    /// <summary>Builds the ATR of a card that speaks <paramref name="protocol"/>.</summary>
    public static byte[] Build(TransmissionProtocol protocol, ReadOnlySpan<byte> historicalBytes)
    {
        if (historicalBytes.Length > MaxHistoricalBytes)
            throw new ArgumentException($"An ATR carries at most {MaxHistoricalBytes} historical bytes; got {historicalBytes.Length}.", nameof(historicalBytes));

        int k = historicalBytes.Length;
        if (protocol == TransmissionProtocol.T0)
        {
            // TS '3B' (direct convention), T0 = K with no interface bytes: T=0 is implied and TCK is absent.
            var t0Atr = new byte[2 + k];
            t0Atr[0] = 0x3B;
            t0Atr[1] = (byte)k;
            historicalBytes.CopyTo(t0Atr.AsSpan(2));
            return t0Atr;
        }

        // TS '3B'; T0 = '8K' (TD1 follows); TD1 = '81' (TD2 follows, T=1); TD2 = '31' (TA3 and TB3 follow, T=1);
        // TA3 = 'FE' (IFSC 254); TB3 = '45' (BWI 4, CWI 5); historical bytes; TCK.
        var atr = new byte[6 + k + 1];
        atr[0] = 0x3B;
        atr[1] = (byte)(0x80 | k);
        atr[2] = 0x81;
        atr[3] = 0x31;
        atr[4] = 0xFE;
        atr[5] = 0x45;
        historicalBytes.CopyTo(atr.AsSpan(6));
        atr[^1] = CheckByte(atr.AsSpan(1, atr.Length - 2));
        return atr;
    }

    /// <summary>
    /// Checks an ATR's structure: TS, the interface bytes announced by T0 and each TDi, K historical bytes,
    /// and TCK (present, and making the XOR of T0 to TCK zero) exactly when a protocol other than T=0 is offered.
    /// </summary>
    public static bool IsValid(ReadOnlySpan<byte> atr) => TryLocateHistoricalBytes(atr, out _, out _);

    /// <summary>The historical bytes of a valid ATR.</summary>
    /// <exception cref="ArgumentException">The ATR is not valid.</exception>
    public static ReadOnlySpan<byte> GetHistoricalBytes(ReadOnlySpan<byte> atr) =>
        TryLocateHistoricalBytes(atr, out int offset, out int count)
            ? atr.Slice(offset, count)
            : throw new ArgumentException("Not a valid ATR.", nameof(atr));

    private static bool TryLocateHistoricalBytes(ReadOnlySpan<byte> atr, out int offset, out int count)
    {
        offset = 0;
        count = 0;
        if (atr.Length < 2 || atr[0] is not (0x3B or 0x3F))
            return false;

        int historical = atr[1] & 0x0F;
        int y = atr[1] >> 4;
        int position = 2;
        bool needsTck = false;
        while (true)
        {
            // Y bits b5-b8 announce TAi, TBi, TCi, TDi (ISO/IEC 7816-3 8.2.2).
            position += (y & 1) + ((y >> 1) & 1) + ((y >> 2) & 1);
            if ((y & 0x8) == 0)
                break;
            if (position >= atr.Length)
                return false;
            byte td = atr[position++];
            needsTck |= (td & 0x0F) != 0;
            y = td >> 4;
        }

        if (atr.Length != position + historical + (needsTck ? 1 : 0))
            return false;
        if (needsTck && CheckByte(atr[1..]) != 0)
            return false;
        offset = position;
        count = historical;
        return true;
    }

    private static byte CheckByte(ReadOnlySpan<byte> bytes)
    {
        byte x = 0;
        foreach (byte b in bytes)
            x ^= b;
        return x;
    }
}
