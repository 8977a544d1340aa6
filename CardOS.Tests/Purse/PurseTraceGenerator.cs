using CardOS.Applets.Purse;
using CardOS.Applets.Purse.Commands;

namespace CardOS.Tests.Purse;

/// <summary>Prints the exchanges of the documented flows, each on a fresh world, to write golden vectors and docs from.</summary>
public class PurseTraceGenerator
{
    private static readonly byte[] Date = BcdDate.From(new DateOnly(2026, 1, 15));

    [Test]
    [Explicit("Prints traces for docs and golden vectors.")]
    public void PrintTraces()
    {
        Flow("purchase", (p, s, l) =>
        {
            p.Send(new GetPurseDataCommand());
            Purchase(p, s, 250);
            p.Send(new ReadLogRecordCommand(1));
        });
        Flow("authentication only", (p, s, l) => Purchase(p, s, 0));
        Flow("load", (p, s, l) =>
        {
            InitializeForLoadResponse request = p.Send(new InitializeForLoadCommand(5000, 0x0978, Date, PurseTestKeys.LoadModuleId));
            AuthorizeLoadResponse s2 = l.Send(new AuthorizeLoadCommand(request.Data.Span));
            CreditResponse credit = p.Send(new CreditCommand(s2.S2));
            l.Send(new ConfirmLoadCommand(request.CardNumber, credit.BalanceAfter, credit.S3));
            l.Send(new LoadModuleGetDataCommand());
        });
        Flow("load, S3 lost, recovery says loaded", (p, s, l) =>
        {
            InitializeForLoadResponse request = p.Send(new InitializeForLoadCommand(5000, 0x0978, Date, PurseTestKeys.LoadModuleId));
            AuthorizeLoadResponse s2 = l.Send(new AuthorizeLoadCommand(request.Data.Span));
            p.Send(new CreditCommand(s2.S2));
            InitializeForLoadResponse zero = p.Send(new InitializeForLoadCommand(0, 0x0978, Date, PurseTestKeys.LoadModuleId));
            l.Send(new RecoverLoadCommand(zero.Data.Span));
        });
        Flow("load, S2 lost, recovery says not loaded", (p, s, l) =>
        {
            InitializeForLoadResponse request = p.Send(new InitializeForLoadCommand(5000, 0x0978, Date, PurseTestKeys.LoadModuleId));
            l.Send(new AuthorizeLoadCommand(request.Data.Span));
            InitializeForLoadResponse zero = p.Send(new InitializeForLoadCommand(0, 0x0978, Date, PurseTestKeys.LoadModuleId));
            l.Send(new RecoverLoadCommand(zero.Data.Span));
        });
        Flow("purchase, S3 lost, proof completes", (p, s, l) =>
        {
            InitializeForPurchaseResponse init = p.Send(new InitializeForPurchaseCommand());
            PsamInitializePurchaseResponse signed = s.Send(new PsamInitializePurchaseCommand(init.Data.Span, 100, Date));
            p.Send(new DebitCommand(signed.DebitData));
            s.Send(new PsamReadPendingCommand(0));
            PsamBeginRecoveryResponse begin = s.Send(new PsamBeginRecoveryCommand(signed.Sequence));
            GetProofResponse proof = p.Send(new GetProofCommand(begin.ProofRequest));
            s.Send(new PsamRecoverPurchaseCommand(proof.Data.Span));
            s.Send(new PsamReadResolutionCommand(signed.Sequence));
        });
        Flow("purchase, DEBIT lost, proof voids", (p, s, l) =>
        {
            InitializeForPurchaseResponse init = p.Send(new InitializeForPurchaseCommand());
            PsamInitializePurchaseResponse signed = s.Send(new PsamInitializePurchaseCommand(init.Data.Span, 100, Date));
            PsamBeginRecoveryResponse begin = s.Send(new PsamBeginRecoveryCommand(signed.Sequence));
            GetProofResponse proof = p.Send(new GetProofCommand(begin.ProofRequest));
            s.Send(new PsamRecoverPurchaseCommand(proof.Data.Span));
            s.Send(new PsamReadResolutionCommand(signed.Sequence));
        });
        Flow("update parameters", (p, s, l) =>
        {
            GetPurseDataResponse data = p.Send(new GetPurseDataCommand());
            SignUpdateResponse mac = l.Send(new SignUpdateCommand(data.IssuerId, data.CardNumber, data.UpdateKeyVersion, data.Counter, [0x20, 0x31, 0x12, 0x31], 200_000));
            p.Send(new UpdateParametersCommand([0x20, 0x31, 0x12, 0x31], 200_000, mac.Mac));
            p.Send(new GetPurseDataCommand());
        });
        Flow("settle", (p, s, l) =>
        {
            Purchase(p, s, 250);
            s.Send(new PsamGetDataCommand());
            s.Send(new PsamSettleCommand());
            s.Send(new PsamGetDataCommand());
        });
    }

    private static void Purchase(TracingChannel p, TracingChannel s, uint amount)
    {
        InitializeForPurchaseResponse init = p.Send(new InitializeForPurchaseCommand());
        PsamInitializePurchaseResponse signed = s.Send(new PsamInitializePurchaseCommand(init.Data.Span, amount, Date));
        DebitResponse debit = p.Send(new DebitCommand(signed.DebitData));
        s.Send(new PsamCompletePurchaseCommand(signed.Sequence, debit.BalanceAfter, debit.S3));
    }

    private static void Flow(string title, Action<TracingChannel, TracingChannel, TracingChannel> flow)
    {
        var world = new PurseWorld();
        world.SelectAll();
        var trace = new List<string>();
        flow(new TracingChannel(world.PurseReader, 'P', trace), new TracingChannel(world.PsamReader, 'S', trace), new TracingChannel(world.LoadModuleReader, 'L', trace));
        TestContext.Out.WriteLine($"== {title}");
        foreach (string line in trace)
            TestContext.Out.WriteLine($"\"{line}\",");
    }
}
