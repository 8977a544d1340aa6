using CardOS.Apdu;
using CardOS.Applets.Purse;
using CardOS.Applets.Purse.Terminal;
using CardOS.Reader.InProcess;
using CardOS.Runtime;

namespace CardOS.Cli.Commands;

/// <summary>The purse part of <c>cardos demo</c>: a purchase signed by a PSAM, a load with S1/S2/S3, a settlement.</summary>
internal static class PurseDemoSection
{
    public static void Run(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("== Purse: purchase with a PSAM, load with the issuer's load module (docs/applets/purse.md)");
        var purseCard = new Card(new CardOptions { RandomSeed = 1 });
        PurseApplet.Install(purseCard, PursePersonalization.ForTestIssuer(initialBalance: 10_000));
        var psamCard = new Card(new CardOptions { RandomSeed = 2 });
        PsamApplet.Install(psamCard, PsamPersonalization.ForTestIssuer());
        var loadCard = new Card(new CardOptions { RandomSeed = 3 });
        LoadModuleApplet.Install(loadCard, LoadModulePersonalization.ForTestIssuer());
        var purse = new PrintingChannel(new InProcessReader(purseCard), "purse", output);
        var psam = new PrintingChannel(new InProcessReader(psamCard), "PSAM ", output);
        var loadModule = new PrintingChannel(new InProcessReader(loadCard), "load ", output);

        var merchant = new MerchantService(psam, new InMemoryPaymentLedger());
        merchant.Start();
        output.WriteLine("-- purchase of 2.50 EUR: INITIALIZE FOR PURCHASE (S1), PSAM signs the DEBIT (S2), purse debits (S3), PSAM counts");
        PaymentResult payment = merchant.Pay(purse, "demo", 250);
        output.WriteLine($"   {payment.Code}, balance after {payment.BalanceAfter}");

        output.WriteLine("-- load of 50.00 EUR: INITIALIZE FOR LOAD (S1), AUTHORIZE LOAD (S2), CREDIT (S3), CONFIRM LOAD");
        LoadResult load = new PurseLoader(purse, loadModule).Load(5000);
        output.WriteLine($"   {load.Outcome}, balance after {load.BalanceAfter}");

        output.WriteLine("-- settlement: the PSAM's totals since the last one, closed");
        Settlement settlement = merchant.Settle();
        output.WriteLine($"   batch {settlement.Batch}: {settlement.Count} purchase(s), total {settlement.Total}");
    }

    private sealed class PrintingChannel(ICardChannel inner, string name, TextWriter output) : ICardChannel
    {
        public int Transmit(ReadOnlySpan<byte> command, Span<byte> response)
        {
            int length = inner.Transmit(command, response);
            output.WriteLine($"   {name} > {Hex.Encode(command)}");
            output.WriteLine($"   {name} < {Hex.Encode(response[..length])}");
            return length;
        }
    }
}
