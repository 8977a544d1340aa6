using CardOS.Apdu;
using CardOS.Reader.InProcess;
using CardOS.Runtime;

namespace CardOS.Tests.Runtime;

/// <summary>
/// Golden exchanges with the runtime itself: each step is "command &gt; expected response" in hex, run in order on a fresh
/// card holding F000000001 (plain), F000000002 (extended length and chaining) and F000000003 (refuses selection).
/// </summary>
public class GoldenCardTests
{
    internal const string SelectPlain = "00A4040005F000000001 > 9000";
    internal const string SelectExtended = "00A4040005F000000002 > 9000";

    [TestCase(SelectPlain, "0010000003AABBCC00 > AABBCC9000", Description = "ISO/IEC 7816-4 5.1: case 4 short, response within Ne")]
    [TestCase(SelectPlain, "00100000 > 9000", Description = "ISO/IEC 7816-4 5.1: case 1, no data, 9000")]
    [TestCase(SelectPlain, "0020000200 > 00019000", Description = "ISO/IEC 7816-4 5.1: case 2 short, Le 00 (Ne 256) with 2 bytes available")]
    [TestCase(SelectPlain, "0010000002AABB > 6102", "00C0000002 > AABB9000", Description = "ISO/IEC 7816-4 5.3.4/7.6.1: case 3 with response data waits behind 61xx for GET RESPONSE")]
    [TestCase(SelectPlain, "0020000302 > 00016101", "00C0000001 > 029000", Description = "ISO/IEC 7816-4 5.3.4: more data than Ne: Ne bytes and 61xx")]
    [TestCase(SelectPlain, "0020000302 > 00016101", "00C0000004 > 029000", Description = "ISO/IEC 7816-4 7.6.1: GET RESPONSE with Ne above what is left (T=1) returns what is left")]
    [TestCase(SelectPlain, "00C0000001 > 6985", Description = "ISO/IEC 7816-4 7.6.1: GET RESPONSE with nothing pending: 6985")]
    [TestCase(SelectPlain, "0020000302 > 00016101", "00C0010001 > 6B00", Description = "ISO/IEC 7816-4 7.6.1: GET RESPONSE P1-P2 other than 0000: 6B00")]
    [TestCase(SelectPlain, "0020000302 > 00016101", "0010000001AA00 > AA9000", "00C0000001 > 6985", Description = "ISO/IEC 7816-4 5.3.4: any other command discards the pending response")]
    [TestCase(SelectPlain, "0020000000 > 9000", Description = "an empty answer is SW alone")]
    public void Transmit_ResponseLengthRules_GoldenBytes(params string[] steps) => Run(new CardOptions(), steps);

    [TestCase("00A4040005F0000000FF > 6A82", Description = "ISO/IEC 7816-4 7.1.1: SELECT by DF name, no such application: 6A82")]
    [TestCase("00A4040005F000000003 > 6999", Description = "JavaCard 3 JCRE 4.5: the applet refused selection: 6999")]
    [TestCase("00100000 > 6999", Description = "JavaCard 3 JCRE 4.5: no applet selected on the channel: 6999")]
    [TestCase("00A4040004F0000000 > 9000", "00100000000001AA0000 > 6700", Description = "ISO/IEC 7816-4 7.1.1: a partial DF name selects the first match, F000000001 (which refuses extended length)")]
    [TestCase("00A4040004F0000000 > 9000", "00A4040204F0000000 > 9000", "00100000000001AA0000 > AA9000", Description = "ISO/IEC 7816-4 7.1.1 P2 '02': next occurrence selects F000000002")]
    [TestCase("00A4040004F0000000 > 9000", "00A4040204F0000000 > 9000", "00A4040204F0000000 > 6999", Description = "ISO/IEC 7816-4 7.1.1: the next occurrence after F000000002 is F000000003, which refuses")]
    [TestCase("00A4040104F0000000 > 6999", Description = "ISO/IEC 7816-4 7.1.1 P2 '01': last occurrence is F000000003 (refuses)")]
    [TestCase("00A4041005F000000001 > 6A86", Description = "ISO/IEC 7816-4 7.1.1: SELECT P2 with RFU bits set: 6A86")]
    [TestCase(SelectPlain, "00A4040005F000000001 > 9000", Description = "ISO/IEC 7816-4 7.1.1: reselecting the selected applet")]
    public void Transmit_Select_GoldenBytes(params string[] steps) => Run(new CardOptions(), steps);

    [TestCase("00A404 > 6700", Description = "ISO/IEC 7816-3 12.1.3: fewer than four bytes is no command: 6700")]
    [TestCase(SelectPlain, "0010000005AABB > 6700", Description = "ISO/IEC 7816-3 12.1.3: Lc longer than the data: 6700")]
    [TestCase(SelectPlain, "001000000000 > 6700", Description = "ISO/IEC 7816-3 12.1.3: '00' then one byte is no encoding: 6700")]
    [TestCase(SelectPlain, "00100000000001AA > 6700", Description = "ISO/IEC 7816-4 5.1: extended length to an applet that does not declare it: 6700")]
    [TestCase(SelectExtended, "00100000000001AA0000 > AA9000", Description = "ISO/IEC 7816-3 12.1.3: case 4 extended to an applet that declares it")]
    [TestCase(SelectExtended, "00200101000000 > " + "*257", Description = "ISO/IEC 7816-3 12.1.3: case 2 extended, Le 0000 (Ne 65536), 257 bytes")]
    [TestCase("FFA4040005F000000001 > 6E00", Description = "ISO/IEC 7816-4 5.4.1: CLA 'FF' is invalid: 6E00")]
    [TestCase("20A4040005F000000001 > 6E00", Description = "ISO/IEC 7816-4 5.4.1: CLA '001x xxxx' is reserved: 6E00")]
    [TestCase(SelectPlain, "00600000 > 6D00", Description = "ISO/IEC 7816-3 10.3.2: INS '6X' is a procedure byte: 6D00")]
    [TestCase(SelectPlain, "00920000 > 6D00", Description = "ISO/IEC 7816-3 10.3.2: INS '9X' is a procedure byte: 6D00")]
    [TestCase(SelectPlain, "00EE0000 > 6D00", Description = "ISO/IEC 7816-4 5.6: the applet does not know the instruction: 6D00")]
    [TestCase(SelectPlain, "0030000002 6A88 > 6A88", Description = "an applet's ISO exception becomes the status word")]
    [TestCase(SelectPlain, "00400000 > 6F00", Description = "ISO/IEC 7816-4 5.6: an unexpected fault inside the card: 6F00")]
    [TestCase(SelectPlain, "0C100000 > 6882", Description = "ISO/IEC 7816-4 5.4.1: CLA b4-b3 indicate secure messaging the applet does not support: 6882")]
    [TestCase(SelectPlain, "60100000 > 6882", Description = "ISO/IEC 7816-4 5.4.1: further interindustry CLA b6 indicates secure messaging: 6882 (channel 4 not open would be checked first, so this runs on an opened channel)")]
    public void Transmit_RuntimeStatusWords_GoldenBytes(params string[] steps)
    {
        // '60' addresses channel 4: open it first so the secure-messaging check is what answers.
        if (steps.Any(s => s.StartsWith("6010", StringComparison.Ordinal)))
            steps = ["0070000400 > 9000", "60A4040005F000000001 > 9000", .. steps.Skip(1)];
        Run(new CardOptions(), steps);
    }

    [TestCase(SelectPlain, "1010000002AABB > 6884", Description = "ISO/IEC 7816-4 5.1.1.1: chaining to an applet that does not support it: 6884")]
    [TestCase(SelectExtended, "1010000002AABB > 9000", "1010000001CC > 9000", "0010000001DD00 > AABBCCDD9000", Description = "ISO/IEC 7816-4 5.1.1.1: a chain of three commands reaches the applet as one")]
    [TestCase(SelectExtended, "1010000002AABB > 9000", "0020000000 > 6883", "0010000001DD00 > DD9000", Description = "ISO/IEC 7816-4 5.1.1.1: another command interrupts the chain: 6883, the chain is dropped")]
    [TestCase(SelectExtended, "1010000002AABB > 9000", "0010000101DD00 > 6883", Description = "ISO/IEC 7816-4 5.1.1.1: a different P2 is not the chain's next command: 6883")]
    [TestCase(SelectExtended, "1070000000 > 6884", Description = "ISO/IEC 7816-4 5.1.1.1: MANAGE CHANNEL cannot be chained: 6884")]
    public void Transmit_Chaining_GoldenBytes(params string[] steps) => Run(new CardOptions(), steps);

    [TestCase("0070000001 > 019000", "01A4040005F000000001 > 9000", "0110000001AA00 > AA9000", Description = "ISO/IEC 7816-4 7.1.2: open with card assignment answers the channel number")]
    [TestCase("00700000 > 6101", "00C0000001 > 019000", Description = "ISO/IEC 7816-4 7.1.2: open without Le: the channel number waits behind 6101")]
    [TestCase("0070000300 > 9000", "03A4040005F000000001 > 9000", "0070800300 > 9000", "03100000 > 6881", Description = "ISO/IEC 7816-4 7.1.2: open and close channel 3")]
    [TestCase("0070001300 > 9000", "4FA4040005F000000001 > 9000", "4F10000001AA00 > AA9000", Description = "ISO/IEC 7816-4 5.4.1: channel 19 in the further interindustry CLA '4F'")]
    [TestCase("0070000300 > 9000", "0070000300 > 6985", Description = "ISO/IEC 7816-4 7.1.2: opening an open channel: 6985")]
    [TestCase("0070001400 > 6A86", Description = "ISO/IEC 7816-4 7.1.2: channel 20 does not exist: 6A86")]
    [TestCase("0070400000 > 6A86", Description = "ISO/IEC 7816-4 7.1.2: P1 neither '00' nor '80': 6A86")]
    [TestCase("0070800000 > 6A86", Description = "ISO/IEC 7816-4 7.1.2: the basic channel cannot be closed: 6A86")]
    [TestCase("0070800500 > 6881", Description = "ISO/IEC 7816-4 7.1.2: closing a channel that is not open: 6881")]
    [TestCase("02A4040005F000000001 > 6881", Description = "ISO/IEC 7816-4 5.4.1: a command on a channel that is not open: 6881")]
    [TestCase("0070000001AA > 6700", Description = "ISO/IEC 7816-4 7.1.2: MANAGE CHANNEL carries no data: 6700")]
    [TestCase("0070000100 > 9000", "0170800000 > 9000", "01100000 > 6881", Description = "ISO/IEC 7816-4 7.1.2: P2 '00' closes the channel the command came on")]
    [TestCase("0C70000001 > 6882", Description = "ISO/IEC 7816-4 5.4.1: MANAGE CHANNEL with secure messaging: 6882")]
    public void Transmit_ManageChannel_GoldenBytes(params string[] steps) => Run(new CardOptions(), steps);

    [TestCase("0070000001 > 019000", "0070000001 > 029000", "0070000001 > 039000", "0070000001 > 6A81", Description = "ISO/IEC 7816-4 7.1.2: no channel left to assign: 6A81")]
    [TestCase("0070000400 > 6881", Description = "ISO/IEC 7816-4 7.1.2: a channel the card does not support: 6881")]
    public void Transmit_FourChannelCard_GoldenBytes(params string[] steps) => Run(new CardOptions { LogicalChannels = 4 }, steps);

    [TestCase(SelectPlain, "0020000204 > 6C02", "0020000202 > 00019000", Description = "ISO/IEC 7816-3 12.2.2: T=0 case 2 with the wrong Le: 6Cxx, then the exact Le")]
    [TestCase(SelectPlain, "0020000201 > 6C02", Description = "ISO/IEC 7816-3 12.2.2: T=0 Le too short: 6C02")]
    [TestCase(SelectPlain, "0020010001 > 6C00", Description = "ISO/IEC 7816-3 12.2.2: T=0 with 256 bytes available and Le 01..FF: 6C00 (256)")]
    [TestCase(SelectPlain, "0020010100 > " + "*256:6101", "00C0000001 > 009000", Description = "ISO/IEC 7816-3 12.2.2: T=0 with 257 bytes and Le 00: 256 bytes and 6101")]
    [TestCase(SelectPlain, "0010000003AABBCC03 > 6103", "00C0000003 > AABBCC9000", Description = "ISO/IEC 7816-3 12.2.4: T=0 case 4: 61xx then GET RESPONSE")]
    [TestCase(SelectPlain, "0010000003AABBCC > 6103", "00C0000005 > 6C03", "00C0000003 > AABBCC9000", Description = "ISO/IEC 7816-3 12.2.3: T=0 GET RESPONSE with too large an Le: 6Cxx keeps the data pending")]
    [TestCase(SelectPlain, "0010000003AABBCC > 6103", "00C0000002 > AABB6101", "00C0000001 > CC9000", Description = "ISO/IEC 7816-4 7.6.1: GET RESPONSE in parts")]
    public void Transmit_T0Protocol_GoldenBytes(params string[] steps) => Run(new CardOptions { Protocol = TransmissionProtocol.T0 }, steps);

    internal static InProcessReader CreateReader(CardOptions options)
    {
        var card = new Card(options);
        card.Install(TestApplet.AidFor(1), c => new TestApplet(c));
        card.Install(TestApplet.AidFor(2), c => new TestApplet(c, extended: true, chaining: true));
        card.Install(TestApplet.AidFor(3), c => new TestApplet(c, refuseSelect: true));
        return new InProcessReader(card);
    }

    private static void Run(CardOptions options, string[] steps)
    {
        InProcessReader reader = CreateReader(options);
        foreach (string step in steps)
        {
            string[] parts = step.Split('>');
            byte[] command = Hex.Decode(parts[0]);
            string expected = ExpandExpected(parts[1].Trim());
            string actual = reader.Transmit(command.AsSpan()).ToString();
            Assert.That(actual, Is.EqualTo(expected), $"step: {step}");
        }
    }

    /// <summary>"*N" is N pattern bytes (i mod 256) then 9000; "*N:SW" ends with SW instead.</summary>
    private static string ExpandExpected(string expected)
    {
        if (!expected.StartsWith('*'))
            return Hex.Encode(Hex.Decode(expected));
        string[] parts = expected[1..].Split(':');
        int count = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        byte[] pattern = new byte[count];
        for (int i = 0; i < count; i++)
            pattern[i] = (byte)i;
        return Hex.Encode(pattern) + (parts.Length > 1 ? parts[1] : "9000");
    }
}
