using CardOS.Apdu;
using CardOS.Applets.Purse;
using CardOS.Applets.Purse.Terminal;
using CardOS.Reader.InProcess;
using CardOS.Runtime;

namespace CardOS.Cli.Commands;

/// <summary>The purse part of <c>cardos demo</c>: a purchase signed by a PSAM, a load with S1/S2/S3, a settlement.</summary>
internal static class PurseDemoSection
{
    public static void Run(ApduTracePrinter output)
    {
        output.Section("Purse: purchase with a PSAM, load with the issuer's load module (docs/applets/purse.md)");
        var purseCard = new Card(new CardOptions { RandomSeed = 1 });
        PurseApplet.Install(purseCard, PursePersonalization.ForTestIssuer(initialBalance: 10_000));
        var psamCard = new Card(new CardOptions { RandomSeed = 2 });
        PsamApplet.Install(psamCard, PsamPersonalization.ForTestIssuer());
        var loadCard = new Card(new CardOptions { RandomSeed = 3 });
        LoadModuleApplet.Install(loadCard, LoadModulePersonalization.ForTestIssuer());
        ICardChannel purse = output.Trace(new InProcessReader(purseCard), "purse");
        ICardChannel psam = output.Trace(new InProcessReader(psamCard), "PSAM");
        ICardChannel loadModule = output.Trace(new InProcessReader(loadCard), "load module");

        var merchant = new MerchantService(psam, new InMemoryPaymentLedger());
        merchant.Start();
        output.Note("purchase of 2.50 EUR: INITIALIZE FOR PURCHASE (S1), PSAM signs the DEBIT (S2), purse debits (S3), PSAM counts");
        PaymentResult payment = merchant.Pay(purse, "demo", 250);
        output.Note($"   {payment.Code}, balance after {payment.BalanceAfter}");

        output.Note("load of 50.00 EUR: INITIALIZE FOR LOAD (S1), AUTHORIZE LOAD (S2), CREDIT (S3), CONFIRM LOAD");
        LoadResult load = new PurseLoader(purse, loadModule).Load(5000);
        output.Note($"   {load.Outcome}, balance after {load.BalanceAfter}");

        output.Note("settlement: the PSAM's totals since the last one, closed");
        Settlement settlement = merchant.Settle();
        output.Note($"   batch {settlement.Batch}: {settlement.Count} purchase(s), total {settlement.Total}");
    }
}
