using CardOS.Apdu;
using CardOS.Runtime;
using CardOS.Storage;

namespace CardOS.Benchmarks;

/// <summary>Rewrites a 24-byte BALANCE and a 36-byte PASSBOOK record in one transaction, on any command.</summary>
public sealed class PurseRecordsApplet : Applet
{
    private readonly PersistentArray _balance;
    private readonly PersistentArray _passbook;
    private readonly byte[] _records = new byte[24 + 36];
    private byte _round;

    public PurseRecordsApplet(AppletContext context)
        : base(context)
    {
        _balance = context.AllocatePersistent(0, 24);
        _passbook = context.AllocatePersistent(1, 36);
    }

    public static Aid AppletAid { get; } = Aid.Parse("F0434F5342454E4348");

    public void UpdateRecords()
    {
        // Different bytes every time, as a real purse would write.
        _records.AsSpan().Fill(++_round);
        Context.BeginTransaction();
        _balance.Write(0, _records.AsSpan(0, 24));
        _passbook.Write(0, _records.AsSpan(24));
        Context.CommitTransaction();
    }

    protected override void Process(ApduContext apdu) => UpdateRecords();
}
