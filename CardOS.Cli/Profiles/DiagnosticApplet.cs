using System.Buffers.Binary;
using CardOS.Apdu;
using CardOS.Runtime;
using CardOS.Storage;

namespace CardOS.Cli.Profiles;

/// <summary>
/// A small applet for checking a reader path end to end (documented in docs/reader.md): it echoes, produces long
/// answers on demand, and keeps a counter in EEPROM. AID F0 43 61 72 64 4F 53 44 ("\xF0CardOSD").
/// </summary>
internal sealed class DiagnosticApplet : Applet
{

    private const byte InsSelect = 0xA4;
    private const byte InsEcho = 0x10;
    private const byte InsPattern = 0x12;
    private const byte InsIncrement = 0x14;

    private readonly PersistentArray _counter;

    public DiagnosticApplet(AppletContext context)
        : base(context)
    {
        _counter = context.AllocatePersistent(id: 1, length: 4);
    }

    public static Aid AppletAid => Aid.Parse("F0 43 61 72 64 4F 53 44");

    public override bool SupportsExtendedLength => true;

    public override bool SupportsChaining => true;

    protected override void Process(ApduContext apdu)
    {
        // ISO/IEC 7816-4 7.1.1: a SELECT the runtime passes on (no applet has that name) names no file here.
        if ((apdu.Cla & 0x80) == 0 && apdu.Ins == InsSelect)
            throw new IsoException(StatusWord.FileNotFound);
        if ((apdu.Cla & 0x80) == 0)
            throw new IsoException(StatusWord.ClassNotSupported);

        switch (apdu.Ins)
        {
            case InsEcho:
                // ECHO: the command data (of the whole chain) back.
                if (apdu.Data.Length > apdu.Response.Length)
                    throw new IsoException(StatusWord.WrongLength);
                apdu.Send(apdu.Data);
                return;

            case InsPattern:
                // PATTERN: P1-P2 bytes counting up from 00, for long answers, 61xx and GET RESPONSE.
                int length = (apdu.P1 << 8) | apdu.P2;
                if (length > apdu.Response.Length)
                    throw new IsoException(StatusWord.WrongP1P2);
                for (int i = 0; i < length; i++)
                    apdu.Response[i] = (byte)i;
                apdu.Send(length);
                return;

            case InsIncrement:
                // INCREMENT: adds one to the EEPROM counter in a transaction and answers the new value (4 bytes).
                Context.BeginTransaction();
                uint value = _counter.ReadUInt32(0) + 1;
                Span<byte> encoded = stackalloc byte[4];
                BinaryPrimitives.WriteUInt32BigEndian(encoded, value);
                _counter.Write(0, encoded);
                Context.CommitTransaction();
                apdu.Send(encoded);
                return;

            default:
                throw new IsoException(StatusWord.InstructionNotSupported);
        }
    }
}
