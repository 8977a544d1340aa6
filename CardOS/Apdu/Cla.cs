namespace CardOS.Apdu;

/// <summary>
/// The class byte of a command APDU (ISO/IEC 7816-4 5.4.1), decoded in one place: interindustry or proprietary, the
/// logical channel, command chaining and secure messaging. A first interindustry class ('0X', '8X' to 'AX' in the
/// proprietary half) codes channels 0 to 3 in b2-b1 and secure messaging in b4-b3; a further one ('4X' to '7X', and
/// 'CX' to 'FX') codes channels 4 to 19 in b4-b1 and secure messaging in b6. b5 marks a chained command in both.
/// </summary>
/// <param name="Value">The class byte as received.</param>
public readonly record struct Cla(byte Value)
{
    /// <summary>True for an interindustry class (b8 clear): the command means what ISO/IEC 7816-4 says.</summary>
    public bool IsInterindustry => (Value & 0x80) == 0;

    /// <summary>True for a proprietary class (b8 set): the command means what the application says.</summary>
    public bool IsProprietary => !IsInterindustry;

    /// <summary>False for 'FF' (invalid, the PPS byte) and '20' to '3F' (reserved for future use).</summary>
    public bool IsValid => Value != 0xFF && (Value & 0xE0) != 0x20;

    /// <summary>The logical channel: 0 to 3 from a first class byte, 4 to 19 from a further one.</summary>
    public int Channel => IsFurther ? 4 + (Value & 0x0F) : Value & 0x03;

    /// <summary>True when b5 marks the command as one of a chain, not its last.</summary>
    public bool IsChained => (Value & 0x10) != 0;

    /// <summary>True when the class indicates secure messaging (b4-b3 of a first class byte, b6 of a further one).</summary>
    public bool IndicatesSecureMessaging => IsFurther ? (Value & 0x20) != 0 : (Value & 0x0C) != 0;

    /// <summary>The class byte with the chaining bit cleared: every link of a chain has the same.</summary>
    public Cla WithoutChaining => new((byte)(Value & ~0x10));

    private bool IsFurther => (Value & 0x40) != 0;

    /// <summary>The class byte.</summary>
    public static implicit operator byte(Cla cla) => cla.Value;

    /// <summary>The class byte.</summary>
    public byte ToByte() => Value;

    /// <summary>Two hex digits.</summary>
    public override string ToString() => Value.ToString("X2", System.Globalization.CultureInfo.InvariantCulture);
}
