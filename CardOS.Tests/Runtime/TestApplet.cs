using CardOS.Apdu;
using CardOS.Runtime;
using CardOS.Storage;

namespace CardOS.Tests.Runtime;

/// <summary>
/// An applet whose instructions exercise the runtime: echo, answer N bytes, throw a status word, fault,
/// leave a transaction open. Its capabilities are set per test.
/// </summary>
public sealed class TestApplet : Applet
{
    public const byte InsEcho = 0x10;
    public const byte InsAnswerLength = 0x20;
    public const byte InsThrowStatusWord = 0x30;
    public const byte InsFault = 0x40;
    public const byte InsWriteInTransactionAndFault = 0x50;
    public const byte InsWriteInOpenTransaction = 0x52;
    public const byte InsReadCounter = 0x54;

    private readonly PersistentArray _counter;

    public TestApplet(AppletContext context, bool extended = false, bool chaining = false, bool refuseSelect = false, bool multiSelectable = false)
        : base(context)
    {
        _counter = context.AllocatePersistent(1, 4);
        SupportsExtendedLength = extended;
        SupportsChaining = chaining;
        RefuseSelect = refuseSelect;
        IsMultiSelectable = multiSelectable;
    }

    public override bool SupportsExtendedLength { get; }

    public override bool SupportsChaining { get; }

    public override bool IsMultiSelectable { get; }

    public bool RefuseSelect { get; set; }

    public int Selections { get; private set; }

    public int Deselections { get; private set; }

    public int LastChannel { get; private set; } = -1;

    public static Aid AidFor(byte last) => new([0xF0, 0x00, 0x00, 0x00, last]);

    protected override bool OnSelect(int channel)
    {
        Selections++;
        return !RefuseSelect;
    }

    protected override void OnDeselect(int channel) => Deselections++;

    protected override void Process(ApduContext apdu)
    {
        LastChannel = apdu.Channel;
        switch (apdu.Ins)
        {
            case InsEcho:
                apdu.Send(apdu.Data);
                break;
            case InsAnswerLength:
                int length = (apdu.P1 << 8) | apdu.P2;
                for (int i = 0; i < length; i++)
                    apdu.Response[i] = (byte)i;
                apdu.Send(length);
                break;
            case InsThrowStatusWord:
                apdu.RequireDataLength(2);
                throw new IsoException(new StatusWord(apdu.Data[0], apdu.Data[1]));
            case InsFault:
                throw new InvalidOperationException("A fault the runtime must contain.");
            case InsWriteInTransactionAndFault:
                Context.BeginTransaction();
                _counter.WriteUInt32(0, _counter.ReadUInt32(0) + 1);
                throw new InvalidOperationException("Fault with a transaction open.");
            case InsWriteInOpenTransaction:
                Context.BeginTransaction();
                _counter.WriteUInt32(0, _counter.ReadUInt32(0) + 1);
                break;
            case InsReadCounter:
                apdu.Send(_counter.Span);
                break;
            default:
                throw new IsoException(StatusWord.InstructionNotSupported);
        }
    }
}
