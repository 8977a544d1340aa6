using System.Diagnostics.CodeAnalysis;

namespace CardOS.Apdu;

/// <summary>
/// An immutable command APDU: header, command data (Nc bytes) and Ne. The ISO case and the
/// short or extended encoding are derived from Nc and Ne when the command is encoded, never set.
/// </summary>
public sealed class CommandApdu : IEquatable<CommandApdu>
{
    private readonly byte[] _data;

    /// <summary>Creates a command APDU.</summary>
    /// <param name="cla">CLA.</param>
    /// <param name="ins">INS.</param>
    /// <param name="p1">P1.</param>
    /// <param name="p2">P2.</param>
    /// <param name="data">The command data field (Nc = its length, at most 65535); copied.</param>
    /// <param name="ne">The maximum number of response bytes expected: 0 for none, at most 65536.</param>
    public CommandApdu(byte cla, byte ins, byte p1, byte p2, ReadOnlySpan<byte> data = default, int ne = 0)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(data.Length, CommandApduView.MaxNc, nameof(data));
        ArgumentOutOfRangeException.ThrowIfNegative(ne);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ne, CommandApduView.MaxNe);
        Cla = cla;
        Ins = ins;
        P1 = p1;
        P2 = p2;
        _data = data.ToArray();
        Ne = ne;
    }

    /// <summary>CLA.</summary>
    public byte Cla { get; }

    /// <summary>INS.</summary>
    public byte Ins { get; }

    /// <summary>P1.</summary>
    public byte P1 { get; }

    /// <summary>P2.</summary>
    public byte P2 { get; }

    /// <summary>The command data field.</summary>
    public ReadOnlyMemory<byte> Data => _data;

    /// <summary>Nc, the length of the command data field.</summary>
    public int Nc => _data.Length;

    /// <summary>Ne, the maximum number of response data bytes expected (0: no Le field).</summary>
    public int Ne { get; }

    /// <summary>True when Nc or Ne cannot be expressed in short length fields.</summary>
    public bool RequiresExtendedLength => Nc > 255 || Ne > CommandApduView.MaxShortNe;

    /// <summary>The ISO case of the default (shortest) encoding.</summary>
    public IsoCase Case => GetCase(RequiresExtendedLength);

    /// <summary>The number of bytes <see cref="Encode(Span{byte}, bool)"/> writes.</summary>
    public int GetEncodedLength(bool extended = false) => GetEncodedLength(extended || RequiresExtendedLength, Nc, Ne);

    /// <summary>
    /// Encodes the command into <paramref name="destination"/>, short where Nc and Ne allow it unless
    /// <paramref name="extended"/> asks for extended length fields.
    /// </summary>
    /// <returns>The number of bytes written.</returns>
    public int Encode(Span<byte> destination, bool extended = false)
    {
        bool useExtended = extended || RequiresExtendedLength;
        int length = GetEncodedLength(useExtended, Nc, Ne);
        if (destination.Length < length)
            throw new ArgumentException($"The destination holds {destination.Length} bytes; the command needs {length}.", nameof(destination));

        destination[0] = Cla;
        destination[1] = Ins;
        destination[2] = P1;
        destination[3] = P2;
        int offset = 4;
        if (useExtended)
        {
            if (Nc == 0 && Ne == 0)
                return offset;
            destination[offset++] = 0;
            if (Nc > 0)
            {
                destination[offset++] = (byte)(Nc >> 8);
                destination[offset++] = (byte)Nc;
                _data.CopyTo(destination[offset..]);
                offset += Nc;
            }

            if (Ne > 0)
            {
                // Ne = 65536 is encoded as '0000'.
                destination[offset++] = (byte)(Ne >> 8);
                destination[offset++] = (byte)Ne;
            }

            return offset;
        }

        if (Nc > 0)
        {
            destination[offset++] = (byte)Nc;
            _data.CopyTo(destination[offset..]);
            offset += Nc;
        }

        if (Ne > 0)
            destination[offset++] = (byte)Ne; // Ne = 256 is encoded as '00'.
        return offset;
    }

    /// <summary>Encodes the command into a new array.</summary>
    public byte[] ToArray(bool extended = false)
    {
        var encoded = new byte[GetEncodedLength(extended)];
        Encode(encoded, extended);
        return encoded;
    }

    /// <summary>Reads a command APDU; never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> encoded, [NotNullWhen(true)] out CommandApdu? apdu)
    {
        if (!CommandApduView.TryParse(encoded, out CommandApduView view))
        {
            apdu = null;
            return false;
        }

        apdu = new CommandApdu(view.Cla, view.Ins, view.P1, view.P2, view.Data, view.Ne);
        return true;
    }

    /// <summary>Reads a command APDU, throwing <see cref="FormatException"/> on bytes that are not one.</summary>
    public static CommandApdu Parse(ReadOnlySpan<byte> encoded) =>
        TryParse(encoded, out CommandApdu? apdu)
            ? apdu
            : throw new FormatException("The bytes are not a command APDU in any ISO/IEC 7816-3 12.1.3 encoding.");

    /// <summary>Reads a command APDU from hex digits (spaces allowed).</summary>
    public static CommandApdu Parse(string hex) => Parse(Hex.Decode(hex));

    /// <inheritdoc />
    public bool Equals(CommandApdu? other) =>
        other is not null && Cla == other.Cla && Ins == other.Ins && P1 == other.P1 && P2 == other.P2
        && Ne == other.Ne && _data.AsSpan().SequenceEqual(other._data);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CommandApdu);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Cla);
        hash.Add(Ins);
        hash.Add(P1);
        hash.Add(P2);
        hash.Add(Ne);
        hash.AddBytes(_data);
        return hash.ToHashCode();
    }

    /// <summary>The shortest encoding in hex.</summary>
    public override string ToString() => Hex.Encode(ToArray());

    private IsoCase GetCase(bool extended) => (Nc, Ne, extended) switch
    {
        (0, 0, _) => IsoCase.Case1,
        (0, _, false) => IsoCase.Case2Short,
        (0, _, true) => IsoCase.Case2Extended,
        (_, 0, false) => IsoCase.Case3Short,
        (_, 0, true) => IsoCase.Case3Extended,
        (_, _, false) => IsoCase.Case4Short,
        _ => IsoCase.Case4Extended,
    };

    private static int GetEncodedLength(bool extended, int nc, int ne)
    {
        if (nc == 0 && ne == 0)
            return 4;
        if (!extended)
            return 4 + (nc > 0 ? 1 + nc : 0) + (ne > 0 ? 1 : 0);
        return 5 + (nc > 0 ? 2 + nc : 0) + (ne > 0 ? 2 : 0);
    }
}
