using CardOS.Apdu;

namespace CardOS.Tests.FileSystem;

/// <summary>
/// Random command sequences against the demo applet: every command gets an answer (never a mute card, never 6F00), and
/// every command answered with an error status word leaves the EEPROM image exactly as it was, with no write at all.
/// </summary>
public class BadCommandProperties
{
    // The applet's instructions, several times, so that most random commands reach real command logic.
    private static readonly byte[] Instructions = [0xA4, 0xB0, 0xD6, 0xB2, 0xDC, 0xE2, 0x20, 0x24, 0xA4, 0xB0, 0xD6, 0xB2, 0xDC, 0xE2];

    [FsCheck.NUnit.Property(MaxTest = 150)]
    public void RandomCommands_ErrorStatusWord_ChangesNothing(byte[] script, byte setup)
    {
        var demo = new DemoCard();
        if ((setup & 5) != 0)
            demo.Send(DemoCard.SelectDf);
        if ((setup & 2) != 0)
            demo.Send(DemoCard.VerifyPin);
        if ((setup & 4) != 0)
            demo.Send((setup & 8) != 0 ? "00A4000C026F02" : "00A4000C026F01");

        int position = 0;
        while (position + 5 <= script.Length)
        {
            byte[] command = NextCommand(script, ref position);
            long writes = demo.Card.Eeprom.WriteCount;
            byte[] image = demo.Card.Eeprom.Image.ToArray();

            byte[] response = demo.Card.Transmit(command);
            Assert.That(response, Has.Length.GreaterThanOrEqualTo(2), $"no answer to {Hex.Encode(command)}");
            StatusWord status = StatusWord.ReadFrom(response);
            Assert.That(status, Is.Not.EqualTo(StatusWord.NoPreciseDiagnosis), $"an unexpected fault on {Hex.Encode(command)}");
            if (IsError(status))
            {
                Assert.That(demo.Card.Eeprom.WriteCount, Is.EqualTo(writes), $"{Hex.Encode(command)} answered {status} after writing");
                Assert.That(demo.Card.Eeprom.Image.ToArray(), Is.EqualTo(image), $"{Hex.Encode(command)} answered {status} and changed the image");
            }
        }
    }

    /// <summary>Everything but 9000, 61xx, 62xx and 63xx (a wrong PIN answers 63Cx after paying its try, by design).</summary>
    private static bool IsError(StatusWord status) => !status.IsSuccess && status.Sw1 is not (0x62 or 0x63);

    /// <summary>Reads one command from the script: INS choice, P1, P2, a length code, then data; Le present or not.</summary>
    private static byte[] NextCommand(byte[] script, ref int position)
    {
        byte choice = script[position++];
        byte ins = choice < 0xF0 ? Instructions[choice % Instructions.Length] : script[position];
        byte p1 = script[position++];
        byte p2 = script[position++];
        byte lengthCode = script[position++];
        byte le = script[position++];
        int nc = Math.Min(lengthCode % 24, script.Length - position);
        ReadOnlySpan<byte> data = script.AsSpan(position, nc);
        position += nc;
        int ne = (lengthCode & 0x80) != 0 ? (le == 0 ? 256 : le) : 0;
        return new CommandApdu(0x00, ins, p1, p2, data, ne).ToArray();
    }
}
