using System.Data.Common;
using CardOS.Apdu;
using CardOS.Applets.Purse;
using CardOS.Applets.Purse.Terminal;
using CardOS.Reader.InProcess;
using CardOS.Reader.Pcsc;
using CardOS.Runtime;
using CardOS.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

// The split purse terminal of the IBM patent (seed 002), as two thin programs over CardOS.Applets.Purse.Terminal:
//   server: holds the PSAM (a card image file) and the ledger (SQLite, or PostgreSQL with --postgres), listens on 127.0.0.1
//   client: relays whole APDUs between its purse and the server
// The client's purse is the card in a PC/SC reader (--reader), or a card image file in an in-process reader.
const int Capacity = 64 * 1024;

if (args.Length == 0 || args[0] is not ("server" or "client" or "settle" or "migrate-ledger"))
{
    Console.Error.WriteLine("""
        usage: PurseTerminal server [--port 5050] [--psam-image psam.img] [--sqlite ledger.db | --postgres "Host=..."]
               PurseTerminal settle [--psam-image psam.img] [--sqlite ledger.db | --postgres "Host=..."]
               PurseTerminal migrate-ledger --exponent 2 [--sqlite ledger.db | --postgres "Host=..."]
               PurseTerminal client [--host 127.0.0.1] [--port 5050] [--reader "Virtual PCD 00 00" | --purse-image purse.img] [--amount 250] [--owner alice]
        Exit code: 0 done, 1 the payment was refused, 2 usage or input error, 3 environment (server, pcscd or
        database unreachable, an image file locked).
        """);
    return 2;
}

try
{
    return Run();
}
catch (Exception e) when (e is FormatException or OverflowException or CardImageException or CardConnectionException or IsoException
    or System.Net.Sockets.SocketException or IOException or DbException or DllNotFoundException)
{
    Console.Error.WriteLine($"PurseTerminal: {e.Message.TrimEnd('.')}.");
    return ExitCodeFor(e);
}

// 1 a card or the merchant said no, 2 the command line or an input file is wrong, 3 the environment.
static int ExitCodeFor(Exception e) => e switch
{
    IsoException => 1,
    FormatException or OverflowException => 2,
    CardImageException { InnerException: IOException { HResult: unchecked((int)0x80070020) or unchecked((int)0x80070021) } } => 3,
    CardImageException => 2,
    UnknownReaderException => 2,
    _ => 3,
};

int Run()
{
    string Option(string name, string fallback)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }

    CardImageFile OpenImage(string path) => File.Exists(path) ? CardImageFile.Open(path, Capacity) : CardImageFile.Create(path, Capacity);

    IPaymentLedger OpenLedger()
    {
        string? postgres = Option("--postgres", "") is { Length: > 0 } p ? p : null;
        Func<DbConnection> factory = postgres is not null
            ? () => new NpgsqlConnection(postgres)
            : () => new SqliteConnection($"Data Source={Option("--sqlite", "ledger.db")}");
        return new SqlPaymentLedger(factory);
    }

    if (args[0] == "client")
    {
        // The purse: a card in a PC/SC reader (--reader), or a card image in an in-process reader.
        string readerName = Option("--reader", "");
        using SCardContext? context = readerName.Length > 0 ? SCardContext.Establish() : null;
        using CardImageFile? image = context is null ? OpenImage(Option("--purse-image", "purse.img")) : null;
        using PcscCardChannel? pcsc = context?.Connect(readerName);
        ICardChannel reader;
        if (pcsc is not null)
        {
            reader = pcsc;
        }
        else
        {
            var card = new Card(new CardOptions { EepromCapacity = Capacity }, image!);
            PurseApplet.Install(card, PursePersonalization.ForTestIssuer(initialBalance: 10_000));
            reader = new InProcessReader(card);
        }

        PaymentResult result = PurseRelayClient.Pay(Option("--host", "127.0.0.1"), int.Parse(Option("--port", "5050"), System.Globalization.CultureInfo.InvariantCulture),
            reader, Option("--owner", "alice"), uint.Parse(Option("--amount", "250"), System.Globalization.CultureInfo.InvariantCulture));
        if (result.Code == PaymentResultCode.Refused)
        {
            // The server asked the purse for another amount than the one approved: nothing was debited.
            Console.WriteLine($"REFUSED: {result.Message}");
            return 1;
        }

        Console.WriteLine($"{result.Code}: {result.Message}; amount {result.Amount}, balance after {result.BalanceAfter}, PSAM sequence {result.Sequence}, recovered {result.Recovered}");
        return result.Code == PaymentResultCode.Completed ? 0 : 1;
    }

    if (args[0] == "migrate-ledger")
    {
        // An explicit, one-time conversion of a ledger written before the currency was stored as its ISO 4217 code.
        if (!int.TryParse(Option("--exponent", ""), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int exponent) || exponent > 9)
        {
            Console.Error.WriteLine("migrate-ledger: give the exponent of the ledger's currency, --exponent 0..9 (2 for EUR)");
            return 2;
        }

        try
        {
            int converted = ((SqlPaymentLedger)OpenLedger()).ConvertLegacy(exponent);
            Console.WriteLine($"converted {converted} records: currency as its ISO 4217 code, exponent {exponent}");
            return 0;
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"migrate-ledger: {e.Message}");
            return 2;
        }
    }

    using CardImageFile psamImage = OpenImage(Option("--psam-image", "psam.img"));
    var psamCard = new Card(new CardOptions { EepromCapacity = Capacity }, psamImage);
    PsamApplet.Install(psamCard, PsamPersonalization.ForTestIssuer());
    var service = new MerchantService(new InProcessReader(psamCard), OpenLedger());
    try
    {
        service.Start();
    }
    catch (LegacyLedgerException e)
    {
        Console.Error.WriteLine(e.Message);
        return 2;
    }

    if (args[0] == "settle")
    {
        Settlement settlement = service.Settle();
        Console.WriteLine($"batch {settlement.Batch}: {settlement.Count} purchases, total {settlement.Total}");
        foreach (PaymentRecord record in settlement.Records)
            Console.WriteLine($"  {record.PsamId}/{record.Sequence} card {record.CardNumber} amount {record.Amount} currency {record.Currency} exponent {record.Exponent} owner {record.Owner}");
        return 0;
    }

    using var server = new MerchantServer(service, int.Parse(Option("--port", "5050"), System.Globalization.CultureInfo.InvariantCulture));
    server.PaymentHandled += (_, result) => Console.WriteLine($"{DateTimeOffset.Now:O} {result.Code}: {result.Message} (amount {result.Amount}, sequence {result.Sequence})");
    server.Start();
    Console.WriteLine($"merchant server on 127.0.0.1:{server.Port}; Ctrl+C or SIGTERM stops it");
    using var stop = new ManualResetEventSlim();
    void Stop(System.Runtime.InteropServices.PosixSignalContext context)
    {
        context.Cancel = true;
        stop.Set();
    }

    using var interrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, Stop);
    using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, Stop);
    stop.Wait();
    return 0;
}
