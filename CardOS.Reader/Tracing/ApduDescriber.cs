using CardOS.Apdu;

namespace CardOS.Reader.Tracing;

/// <summary>Short human-readable decodings of command headers and status words, for traces.</summary>
internal static class ApduDescriber
{
    /// <summary>"CLA 00 INS A4 (SELECT) P1 04 P2 00 Lc 7 Le 256", or why the bytes are not a command APDU.</summary>
    public static string DescribeCommand(ReadOnlySpan<byte> command)
    {
        if (!CommandApduView.TryParse(command, out CommandApduView apdu))
            return $"not a command APDU ({command.Length} bytes)";
        string name = InstructionName(apdu.Cla, apdu.Ins);
        string ins = name.Length == 0 ? $"{apdu.Ins:X2}" : $"{apdu.Ins:X2} ({name})";
        string lc = apdu.Data.IsEmpty ? string.Empty : $" Lc {apdu.Data.Length}";
        string le = apdu.Ne == 0 ? string.Empty : $" Le {apdu.Ne}";
        string extended = apdu.IsExtended ? " extended" : string.Empty;
        return $"CLA {apdu.Cla:X2} INS {ins} P1 {apdu.P1:X2} P2 {apdu.P2:X2}{lc}{le}{extended}";
    }

    /// <summary>"9000 (success)", "6A82 (file or application not found)".</summary>
    public static string DescribeStatusWord(StatusWord statusWord)
    {
        string meaning = statusWord.Sw1 switch
        {
            0x90 when statusWord.Sw2 == 0 => "success",
            0x61 => "more data: GET RESPONSE",
            0x6C => "wrong Le: resend with the exact Le",
            0x63 when (statusWord.Sw2 & 0xF0) == 0xC0 => "verification failed",
            _ => statusWord.Value switch
            {
                0x6700 => "wrong length",
                0x6881 => "logical channel not supported",
                0x6882 => "secure messaging not supported",
                0x6883 => "last command of chain expected",
                0x6884 => "command chaining not supported",
                0x6982 => "security status not satisfied",
                0x6985 => "conditions of use not satisfied",
                0x6999 => "applet selection failed",
                0x6A80 => "incorrect data",
                0x6A81 => "function not supported",
                0x6A82 => "file or application not found",
                0x6A86 => "incorrect P1-P2",
                0x6B00 => "wrong P1-P2",
                0x6D00 => "instruction not supported",
                0x6E00 => "class not supported",
                0x6F00 => "no precise diagnosis",
                _ => string.Empty,
            },
        };
        return meaning.Length == 0 ? statusWord.ToString() : $"{statusWord} ({meaning})";
    }

    private static string InstructionName(byte cla, byte ins)
    {
        if ((cla & 0x80) != 0)
            return string.Empty;
        return ins switch
        {
            0x70 => "MANAGE CHANNEL",
            0xA4 => "SELECT",
            0xB0 => "READ BINARY",
            0xB2 => "READ RECORD",
            0xC0 => "GET RESPONSE",
            0xCA => "GET DATA",
            0xD6 => "UPDATE BINARY",
            0xDC => "UPDATE RECORD",
            0xE2 => "APPEND RECORD",
            0x20 => "VERIFY",
            0x24 => "CHANGE REFERENCE DATA",
            0x84 => "GET CHALLENGE",
            0x88 => "INTERNAL AUTHENTICATE",
            0x82 => "EXTERNAL AUTHENTICATE",
            _ => string.Empty,
        };
    }
}
