using System.Globalization;

namespace CardOS.Apdu;

/// <summary>
/// The two trailing bytes SW1-SW2 of a response APDU (ISO/IEC 7816-4 5.6).
/// </summary>
/// <param name="Value">SW1 in the high byte, SW2 in the low byte.</param>
public readonly record struct StatusWord(ushort Value)
{
    /// <summary>9000: normal processing, no further qualification.</summary>
    public static readonly StatusWord Success = new(0x9000);

    /// <summary>6281: part of returned data may be corrupted.</summary>
    public static readonly StatusWord DataMayBeCorrupted = new(0x6281);

    /// <summary>6282: end of file or record reached before reading Ne bytes.</summary>
    public static readonly StatusWord EndOfFileReached = new(0x6282);

    /// <summary>6283: selected file deactivated.</summary>
    public static readonly StatusWord FileDeactivated = new(0x6283);

    /// <summary>6581: memory failure (a write could not be completed).</summary>
    public static readonly StatusWord MemoryFailure = new(0x6581);

    /// <summary>6700: wrong length (Lc or Le inconsistent with the command, or an APDU that does not parse).</summary>
    public static readonly StatusWord WrongLength = new(0x6700);

    /// <summary>6881: logical channel not supported (or not open).</summary>
    public static readonly StatusWord LogicalChannelNotSupported = new(0x6881);

    /// <summary>6882: secure messaging not supported.</summary>
    public static readonly StatusWord SecureMessagingNotSupported = new(0x6882);

    /// <summary>6883: last command of the chain expected.</summary>
    public static readonly StatusWord LastCommandOfChainExpected = new(0x6883);

    /// <summary>6884: command chaining not supported.</summary>
    public static readonly StatusWord CommandChainingNotSupported = new(0x6884);

    /// <summary>6981: command incompatible with file structure.</summary>
    public static readonly StatusWord IncompatibleFileStructure = new(0x6981);

    /// <summary>6982: security status not satisfied.</summary>
    public static readonly StatusWord SecurityStatusNotSatisfied = new(0x6982);

    /// <summary>6983: authentication method blocked.</summary>
    public static readonly StatusWord AuthenticationMethodBlocked = new(0x6983);

    /// <summary>6984: reference data not usable.</summary>
    public static readonly StatusWord ReferenceDataNotUsable = new(0x6984);

    /// <summary>6985: conditions of use not satisfied.</summary>
    public static readonly StatusWord ConditionsOfUseNotSatisfied = new(0x6985);

    /// <summary>6986: command not allowed (no current EF).</summary>
    public static readonly StatusWord CommandNotAllowed = new(0x6986);

    /// <summary>6988: incorrect secure messaging data objects (for example a bad MAC).</summary>
    public static readonly StatusWord IncorrectSecureMessagingData = new(0x6988);

    /// <summary>6999: applet selection failed (JavaCard SW_APPLET_SELECT_FAILED).</summary>
    public static readonly StatusWord AppletSelectFailed = new(0x6999);

    /// <summary>6A80: incorrect parameters in the command data field.</summary>
    public static readonly StatusWord WrongData = new(0x6A80);

    /// <summary>6A81: function not supported.</summary>
    public static readonly StatusWord FunctionNotSupported = new(0x6A81);

    /// <summary>6A82: file or application not found.</summary>
    public static readonly StatusWord FileNotFound = new(0x6A82);

    /// <summary>6A83: record not found.</summary>
    public static readonly StatusWord RecordNotFound = new(0x6A83);

    /// <summary>6A84: not enough memory space in the file (or in the EEPROM).</summary>
    public static readonly StatusWord NotEnoughMemory = new(0x6A84);

    /// <summary>6A86: incorrect parameters P1-P2.</summary>
    public static readonly StatusWord IncorrectP1P2 = new(0x6A86);

    /// <summary>6A88: referenced data or reference data not found.</summary>
    public static readonly StatusWord ReferencedDataNotFound = new(0x6A88);

    /// <summary>6A89: file already exists.</summary>
    public static readonly StatusWord FileAlreadyExists = new(0x6A89);

    /// <summary>6B00: wrong parameters P1-P2 (offset outside the EF).</summary>
    public static readonly StatusWord WrongP1P2 = new(0x6B00);

    /// <summary>6D00: instruction code not supported or invalid.</summary>
    public static readonly StatusWord InstructionNotSupported = new(0x6D00);

    /// <summary>6E00: class not supported.</summary>
    public static readonly StatusWord ClassNotSupported = new(0x6E00);

    /// <summary>6F00: no precise diagnosis (an unexpected fault inside the card).</summary>
    public static readonly StatusWord NoPreciseDiagnosis = new(0x6F00);

    /// <summary>Creates a status word from SW1 and SW2.</summary>
    public StatusWord(byte sw1, byte sw2)
        : this((ushort)((sw1 << 8) | sw2))
    {
    }

    /// <summary>SW1, the high byte.</summary>
    public byte Sw1 => (byte)(Value >> 8);

    /// <summary>SW2, the low byte.</summary>
    public byte Sw2 => (byte)Value;

    /// <summary>True for 9000 and for 61xx (normal processing, more data available).</summary>
    public bool IsSuccess => Value == 0x9000 || Sw1 == 0x61;

    /// <summary>
    /// True where SW1 is one ISO/IEC 7816-4 5.6 allows ('61'-'6F' except '60', or '90'-'9F').
    /// </summary>
    public bool IsValid => Sw1 is (>= 0x61 and <= 0x6F) or (>= 0x90 and <= 0x9F);

    /// <summary>61xx: normal processing, <paramref name="available"/> bytes wait for GET RESPONSE (6100 means 256 or more).</summary>
    public static StatusWord BytesAvailable(int available) =>
        new(0x61, available is > 0 and < 256 ? (byte)available : (byte)0);

    /// <summary>6Cxx: wrong Le; <paramref name="exact"/> is the length to ask for (6C00 means 256).</summary>
    public static StatusWord WrongLe(int exact) => new(0x6C, (byte)exact);

    /// <summary>63Cx: verification failed, <paramref name="triesLeft"/> tries remain (0 to 15).</summary>
    public static StatusWord VerificationFailed(int triesLeft) =>
        new(0x63, (byte)(0xC0 | Math.Clamp(triesLeft, 0, 15)));

    /// <summary>Writes SW1 and SW2 to the first two bytes of <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination)
    {
        destination[0] = Sw1;
        destination[1] = Sw2;
    }

    /// <summary>Reads the status word from the last two bytes of a response.</summary>
    public static StatusWord ReadFrom(ReadOnlySpan<byte> response)
    {
        if (response.Length < 2)
            throw new ArgumentException("A response carries at least SW1 and SW2.", nameof(response));
        return new StatusWord(response[^2], response[^1]);
    }

    /// <summary>Four upper-case hex digits, for example "9000".</summary>
    public override string ToString() => Value.ToString("X4", CultureInfo.InvariantCulture);
}
