using System.Globalization;
using CardOS.Apdu;
using CardOS.Applets.BankHierarchy;
using CardOS.Applets.BankHierarchy.Commands;
using BankTerminal;
using CardOS.Reader.Pcsc;

// BankTerminal: the patent's two-reader terminal over real PC/SC (for example the two vpcd slots of
// `cardos serve --card bank-user --card bank-user2`). docs/applets/bank-hierarchy.md specifies every byte it sends.
const string Usage = """
    usage: BankTerminal <command> ...
      readers                                             list the PC/SC readers
      balance  <reader>                                   BALANCE and card status
      pay      <payer> <payee> <amount> [--pin P] [--key K]   card-to-card payment (PIN above MIN_TRANS, holder key above MAX_TRANS)
      interest <bank> <receiver> [--bank-pin P] [--bank-key K] [--pin P]   interest and key update from the level above
      passbook <reader> --pin P                           the PASSBOOK ring, newest first
    <reader> is a reader's index in `readers` or its name. Exit code: 0 done, 1 refused by a card, 2 usage error (unknown reader
    name, bad amount), 3 PC/SC unavailable (pcscd not running, no reader, no card).
    """;

if (args.Length == 0)
{
    Console.Error.WriteLine(Usage);
    return TerminalExitCode.Usage;
}

try
{
    using SCardContext context = SCardContext.Establish();
    IReadOnlyList<string> readers = context.GetReaders();
    string ReaderName(string given) =>
        int.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < readers.Count ? readers[index] : given;
    string? Option(string name)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    BankCardClient Open(string reader, List<IDisposable> owned)
    {
        PcscCardChannel channel = context.Connect(ReaderName(reader));
        owned.Add(channel);
        var client = new BankCardClient(channel);
        client.Select().ThrowIfFailed();
        client.GetStatus().ThrowIfFailed();
        return client;
    }

    bool Verify(BankCardClient card, string? pin, string? key, string who)
    {
        if (pin is not null && card.VerifyPin(pin) is { IsSuccess: false } badPin)
        {
            Console.WriteLine($"{who}: PIN refused ({badPin.StatusWord}{(badPin.TriesLeft is int left ? $", {left} tries left" : "")})");
            return false;
        }

        if (key is not null && card.VerifyHolderKey(key) is { IsSuccess: false } badKey)
        {
            Console.WriteLine($"{who}: holder key refused ({badKey.StatusWord})");
            return false;
        }

        return true;
    }

    var owned = new List<IDisposable>();
    try
    {
        switch (args[0])
        {
            case "readers":
                for (int i = 0; i < readers.Count; i++)
                    Console.WriteLine($"{i}: {readers[i]}");
                return 0;

            case "balance" when args.Length >= 2:
            {
                BankCardClient card = Open(args[1], owned);
                GetCardStatusResponse status = card.GetStatus();
                BankBalance balance = card.ReadBalance().Balance;
                Console.WriteLine($"{status.PublicName} ({status.Role}, {status.Profile}) account {status.Account}");
                Console.WriteLine($"balance {balance.Amount} (currency {balance.Currency}), rate {balance.Rate} x 10^-9/day since {balance.LastInterestDate}");
                Console.WriteLine($"keys {status.KeyNumber}-{(byte)(status.KeyNumber + 3)}, BAD_KEY {status.BadKeyCount}/{status.BadKeyLimit}, lock {(status.IsLocked ? "closed" : "open")}, {status.LifeState}");
                return 0;
            }

            case "pay" when args.Length >= 4:
            {
                uint amount = uint.Parse(args[3], NumberStyles.None, CultureInfo.InvariantCulture);
                BankCardClient payer = Open(args[1], owned);
                BankCardClient payee = Open(args[2], owned);
                if (!Verify(payer, Option("--pin"), Option("--key"), "payer"))
                    return TerminalExitCode.Refused;
                ExchangeOutcome outcome = BankExchangeTerminal.Transfer(payer, payee, amount);
                Console.WriteLine($"pay {amount}: {outcome}{Explain(outcome)}");
                Console.WriteLine($"payer balance {payer.GetStatus().Balance}, payee balance {payee.GetStatus().Balance}");
                return outcome.IsCompleted ? TerminalExitCode.Done : TerminalExitCode.Refused;
            }

            case "interest" when args.Length >= 3:
            {
                BankCardClient bank = Open(args[1], owned);
                BankCardClient receiver = Open(args[2], owned);
                if (!Verify(bank, Option("--bank-pin"), Option("--bank-key"), "bank") || !Verify(receiver, Option("--pin"), null, "receiver"))
                    return TerminalExitCode.Refused;
                uint before = receiver.GetStatus().Balance;
                ExchangeOutcome outcome = BankExchangeTerminal.PayInterest(bank, receiver);
                GetCardStatusResponse after = receiver.GetStatus();
                Console.WriteLine($"interest: {outcome}{Explain(outcome)}");
                Console.WriteLine($"receiver balance {after.Balance} (interest {after.Balance - before}), keys {after.KeyNumber}-{(byte)(after.KeyNumber + 3)}");
                return outcome.IsCompleted ? TerminalExitCode.Done : TerminalExitCode.Refused;
            }

            case "passbook" when args.Length >= 2:
            {
                BankCardClient card = Open(args[1], owned);
                if (!Verify(card, Option("--pin"), null, "card"))
                    return TerminalExitCode.Refused;
                foreach (PassbookEntry entry in card.ReadPassbook())
                    Console.WriteLine($"{entry.Type,-16} {entry.Amount,8}  {entry.OtherNameText,-8} {entry.OtherAccount}  session {entry.Session:X16}  balance {entry.NewBalance}");
                return 0;
            }

            default:
                Console.Error.WriteLine(Usage);
                return TerminalExitCode.Usage;
        }
    }
    finally
    {
        foreach (IDisposable disposable in owned)
            disposable.Dispose();
    }
}
catch (Exception e) when (e is CardConnectionException or IsoException or FormatException or OverflowException or DllNotFoundException)
{
    // A card's refusal (IsoException: SELECT or GET STATUS answered other than 9000) is 1; see TerminalExitCode.
    Console.Error.WriteLine($"BankTerminal: {e.Message.TrimEnd('.')}.");
    return TerminalExitCode.For(e);
}

static string Explain(ExchangeOutcome outcome)
{
    if (outcome.IsCompleted || outcome.ConnectionLost)
        return outcome.MayHaveLostValue ? " (in the documented window: the bank's reconciler finds it in the PASSBOOKs)" : string.Empty;
    StatusWord sw = outcome.StatusWord;
    string reason = sw.Value switch
    {
        0x6982 => "PIN or holder key needed",
        0x9401 => "balance too low",
        0x9402 => "balance would exceed FFFFFF",
        0x9403 => "fewer than two keys in common: update keys at the bank",
        0x9404 => "a packet did not check",
        0x9405 => "card locked: BAD_KEY limit",
        0x9406 => "security lock closed",
        0x9407 => "card invalidated",
        0x9408 => "other currency",
        0x940A => "these cards may not transact",
        _ => "see docs/applets/bank-hierarchy.md",
    };
    return $" ({reason})";
}
