using CardOS.Apdu;
using CardOS.Reader.InProcess;
using CardOS.Runtime;
using CardOS.Tests.Apdu;
using FsCheck;
using FsCheck.Fluent;

namespace CardOS.Tests.Runtime;

/// <summary>
/// Whatever a terminal sends, the card answers: never an exception, always at least SW1-SW2 with a valid SW1.
/// Together these properties push well over 100,000 generated commands through cards in every run.
/// </summary>
public class CardProperties
{
    private static readonly byte[] InterestingClasses = [0x00, 0x01, 0x03, 0x0C, 0x10, 0x11, 0x20, 0x40, 0x4F, 0x60, 0x70, 0x80, 0x84, 0x90, 0xC0, 0xE0, 0xFF];
    private static readonly byte[] InterestingInstructions =
        [0x70, 0xA4, 0xC0, TestApplet.InsEcho, TestApplet.InsAnswerLength, TestApplet.InsThrowStatusWord, TestApplet.InsFault, TestApplet.InsWriteInTransactionAndFault, TestApplet.InsWriteInOpenTransaction, 0x60, 0x9F, 0xEE];

    /// <summary>Commands biased towards the runtime's own branches: channels, SELECT, chaining, GET RESPONSE.</summary>
    private static readonly Gen<byte[]> StructuredCommands =
        from cla in Gen.Frequency((3, Gen.Elements(InterestingClasses)), (1, ArbMap.Default.GeneratorFor<byte>()))
        from ins in Gen.Frequency((3, Gen.Elements(InterestingInstructions)), (1, ArbMap.Default.GeneratorFor<byte>()))
        from p1 in Gen.Frequency((3, Gen.Elements<byte>(0x00, 0x01, 0x04, 0x80)), (1, ArbMap.Default.GeneratorFor<byte>()))
        from p2 in Gen.Frequency((3, Gen.Elements<byte>(0x00, 0x01, 0x02, 0x03, 0x0C, 0x13)), (1, ArbMap.Default.GeneratorFor<byte>()))
        from data in Gen.Frequency(
            (2, Gen.Constant(Array.Empty<byte>())),
            (2, Gen.Elements<byte[]>([0xF0, 0, 0, 0, 1], [0xF0, 0, 0, 0, 2], [0xF0, 0, 0, 0, 3], [0xF0, 0, 0, 0], [0x6A, 0x88])),
            (1, Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>())))
        from ne in Gen.Frequency((2, Gen.Constant(0)), (2, Gen.Choose(1, 300)), (1, Gen.Elements(256, 65536)))
        from extended in ArbMap.Default.GeneratorFor<bool>()
        select new CommandApdu(cla, ins, p1, p2, data, ne).ToArray(extended);

    private static readonly Gen<byte[]> AnyCommand = Gen.Frequency((3, StructuredCommands), (1, ApduProperties.RandomBytes()));

    [FsCheck.NUnit.Property(MaxTest = 40000)]
    public Property Transmit_AnyBytesOnT1Card_AnswersWellFormed() => AnswersWellFormed(TransmissionProtocol.T1);

    [FsCheck.NUnit.Property(MaxTest = 20000)]
    public Property Transmit_AnyBytesOnT0Card_AnswersWellFormed() => AnswersWellFormed(TransmissionProtocol.T0);

    [FsCheck.NUnit.Property(MaxTest = 2000)]
    public Property Transmit_AnySequence_EveryAnswerWellFormed() =>
        Prop.ForAll(Gen.ListOf(AnyCommand).Select(list => list.ToArray()).ToArbitrary(), sequence =>
        {
            // Sequences carry state between commands: channels, selections, chains, pending responses.
            // 2,000 sequences of about 50 commands each add some 100,000 commands.
            InProcessReader reader = GoldenCardTests.CreateReader(new CardOptions());
            var response = new byte[Card.MaxResponseLength];
            foreach (byte[] command in sequence)
            {
                int length = reader.Card.Transmit(command, response);
                if (!IsWellFormed(response, length))
                    return false;
            }

            return reader.Card.IsPowered;
        });

    // FsCheck calls a property method once per generated case, so the cards live in the fixture: each property's
    // commands land on one card whose state (channels, selections, chains, pending responses) earlier commands left.
    private readonly InProcessReader _t1Reader = GoldenCardTests.CreateReader(new CardOptions());
    private readonly InProcessReader _t0Reader = GoldenCardTests.CreateReader(new CardOptions { Protocol = TransmissionProtocol.T0 });
    private readonly byte[] _response = new byte[Card.MaxResponseLength];

    private Property AnswersWellFormed(TransmissionProtocol protocol)
    {
        InProcessReader reader = protocol == TransmissionProtocol.T0 ? _t0Reader : _t1Reader;
        return Prop.ForAll(AnyCommand.ToArbitrary(), command =>
        {
            int length = reader.Card.Transmit(command, _response);
            return IsWellFormed(_response, length) && reader.Card.IsPowered;
        });
    }

    private static bool IsWellFormed(byte[] response, int length) =>
        length >= 2 && StatusWord.ReadFrom(response.AsSpan(0, length)).IsValid;
}
