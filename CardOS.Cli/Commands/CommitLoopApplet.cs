using System.Buffers.Binary;
using CardOS.Apdu;
using CardOS.Runtime;
using CardOS.Storage;

namespace CardOS.Cli.Commands;

/// <summary>
/// The applet <c>cardos image-commit-loop</c> drives: a counter, a 24-byte BALANCE and a 36-byte PASSBOOK record that
/// one transaction updates together, so any state it leaves can be checked for consistency.
/// </summary>
internal sealed class CommitLoopApplet : Applet
{
    /// <summary>INCREMENT: one transaction moves the counter on and rewrites both records; answers the new counter (4 bytes).</summary>
    public const byte InsIncrement = 0x01;

    /// <summary>READ: answers the counter (4 bytes), BALANCE (24) and PASSBOOK (36).</summary>
    public const byte InsRead = 0x02;

    public const int BalanceLength = 24;
    public const int PassbookLength = 36;

    private readonly PersistentArray _counter;
    private readonly PersistentArray _balance;
    private readonly PersistentArray _passbook;
    private readonly TransientArray _scratch;

    public CommitLoopApplet(AppletContext context)
        : base(context)
    {
        _counter = context.AllocatePersistent(0, 4);
        _balance = context.AllocatePersistent(1, BalanceLength);
        _passbook = context.AllocatePersistent(2, PassbookLength);
        _scratch = context.AllocateTransient(BalanceLength + PassbookLength, TransientClear.OnReset);
    }

    public static Aid AppletAid { get; } = Aid.Parse("F0434F5300000001");

    /// <summary>The records that go with <paramref name="counter"/>.</summary>
    public static void FillRecords(uint counter, Span<byte> balance, Span<byte> passbook)
    {
        for (int i = 0; i < balance.Length; i++)
            balance[i] = (byte)((counter >> (8 * (i % 4))) + (uint)i);
        for (int i = 0; i < passbook.Length; i++)
            passbook[i] = (byte)((counter * 7) + (uint)(i * 13));
    }

    protected override void Process(ApduContext apdu)
    {
        switch (apdu.Ins)
        {
            case InsIncrement:
                uint next = _counter.ReadUInt32(0) + 1;
                Span<byte> records = _scratch.Span;
                FillRecords(next, records[..BalanceLength], records[BalanceLength..]);
                Context.BeginTransaction();
                _counter.WriteUInt32(0, next);
                _balance.Write(0, records[..BalanceLength]);
                _passbook.Write(0, records[BalanceLength..]);
                Context.CommitTransaction();
                BinaryPrimitives.WriteUInt32BigEndian(apdu.Response, next);
                apdu.Send(4);
                break;
            case InsRead:
                _counter.Span.CopyTo(apdu.Response);
                _balance.Span.CopyTo(apdu.Response[4..]);
                _passbook.Span.CopyTo(apdu.Response[(4 + BalanceLength)..]);
                apdu.Send(4 + BalanceLength + PassbookLength);
                break;
            default:
                throw new IsoException(StatusWord.InstructionNotSupported);
        }
    }
}
