using CardOS.Apdu;
using CardOS.Runtime;
using CardOS.Storage;

namespace CardOS.Tests.Storage;

/// <summary>
/// A small applet that exposes the storage primitives as commands (CLA 80), so the tests can drive transactions,
/// copies, allocation and transient memory through the card's dispatch loop.
/// </summary>
public sealed class StorageTestApplet : Applet
{
    public const int FileLength = 32;

    /// <summary>When set, <see cref="OnDeselect"/> opens a transaction and writes 'DE' into file 0 without committing.</summary>
    public bool WriteOnDeselect { get; set; }

    private readonly PersistentArray[] _files;
    private readonly TransientArray _onReset;
    private readonly TransientArray _onDeselect;

    public StorageTestApplet(AppletContext context)
        : base(context)
    {
        _files = [context.AllocatePersistent(0, FileLength), context.AllocatePersistent(1, FileLength)];
        _onReset = context.AllocateTransient(8, TransientClear.OnReset);
        _onDeselect = context.AllocateTransient(8, TransientClear.OnDeselect);
    }

    public static Aid AppletAid { get; } = Aid.Parse("F0000001020304");

    protected override void OnDeselect(int channel)
    {
        if (!WriteOnDeselect)
            return;
        Context.BeginTransaction();
        _files[0].Write(0, [0xDE]);
    }

    protected override void Process(ApduContext apdu)
    {
        switch (apdu.Ins)
        {
            case 0x10: // WRITE ATOMIC: P1 file, data = offset, bytes
                _files[apdu.P1].Write(apdu.Data[0], apdu.Data[1..]);
                break;
            case 0x12: // WRITE NON-ATOMIC
                _files[apdu.P1].WriteNonAtomic(apdu.Data[0], apdu.Data[1..]);
                break;
            case 0x14: // UPDATE BOTH in one transaction: data = bytes for file 0 then the same for file 1; P2 = 1 commits
                Context.BeginTransaction();
                _files[0].Write(0, apdu.Data);
                _files[1].Write(0, apdu.Data);
                if (apdu.P2 == 1)
                    Context.CommitTransaction();
                break;
            case 0x16: // BEGIN, WRITE NON-ATOMIC file 0 at 0, WRITE ATOMIC file 0 at 16, ABORT
                Context.BeginTransaction();
                _files[0].WriteNonAtomic(0, apdu.Data);
                _files[0].Write(16, apdu.Data);
                Context.AbortTransaction();
                break;
            case 0x20:
                Context.BeginTransaction();
                break;
            case 0x22:
                Context.CommitTransaction();
                break;
            case 0x24:
                Context.AbortTransaction();
                break;
            case 0x26: // BEGIN, WRITE file P1 at 0, then fail with 6A80
                Context.BeginTransaction();
                _files[apdu.P1].Write(0, apdu.Data);
                throw new IsoException(StatusWord.WrongData);
            case 0x28: // BEGIN, then write the data over and over until the journal overflows (the 6A84 propagates)
                Context.BeginTransaction();
                for (int i = 0; ; i++)
                    _files[i % 2].Write(0, apdu.Data);
            case 0x30: // READ file P1
                apdu.Send(_files[apdu.P1].Span);
                break;
            case 0x32: // COMMIT CAPACITY: u16
                apdu.Response[0] = (byte)(Context.CommitCapacityAvailable >> 8);
                apdu.Response[1] = (byte)Context.CommitCapacityAvailable;
                apdu.Send(2);
                break;
            case 0x40: // WRITE TRANSIENT: P1 0 clear-on-reset, 1 clear-on-deselect
                apdu.Data.CopyTo((apdu.P1 == 0 ? _onReset : _onDeselect).Span);
                break;
            case 0x42:
                apdu.Send((apdu.P1 == 0 ? _onReset : _onDeselect).Span);
                break;
            case 0x50: // ALLOCATE persistent object P1 of (data u16) bytes
                Context.AllocatePersistent((ushort)(0x100 + apdu.P1), (apdu.Data[0] << 8) | apdu.Data[1]);
                break;
            default:
                throw new IsoException(StatusWord.InstructionNotSupported);
        }
    }
}
