using System.CommandLine;
using System.Globalization;
using CardOS.Apdu;
using CardOS.Applets.BankHierarchy;
using CardOS.Cli.Hosting;
using CardOS.Runtime;
using CardOS.Storage;

namespace CardOS.Cli.Commands;

/// <summary>
/// <c>cardos inspect IMAGE</c>: what a card image file holds (format, profile, free memory, wear, the applets' objects), as
/// the card will hold it after its next power-up, without writing to the file: it is opened read-only and recovery runs
/// on a copy in memory. Key values are never printed: objects are listed by id and size.
/// </summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("image") { Description = "A card image file (cardos serve --image, cardos script --image)." };
        var command = new Command("inspect", "Show what a card image file holds: format, free memory, wear and the applets' objects.") { file };
        command.SetAction(parse => Run(parse.GetValue(file)!.FullName, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    /// <returns>0; 2 when the file is not a usable image; 3 when another process holds it.</returns>
    internal static int Run(string path, TextWriter output, TextWriter error)
    {
        // The report is built whole before any of it is printed: a failed run prints its one error line and nothing else.
        var report = new StringWriter(CultureInfo.InvariantCulture);
        try
        {
            using (CardImageFile image = CardImageFile.OpenReadOnly(path))
                Print(image, report);
        }
        catch (CardImageException e)
        {
            return ExitCode.Report(error, "cardos inspect", e);
        }

        output.Write(report.ToString());
        return 0;
    }

    /// <summary>
    /// Prints what the card holds, as it will be after its next power-up: recovery runs on a copy of the EEPROM, never on
    /// the file, so an interrupted transaction shows as rolled back.
    /// </summary>
    /// <exception cref="CardImageException">The EEPROM's layout, or the bank applet's objects in it, are damaged.</exception>
    private static void Print(CardImageFile image, TextWriter output)
    {
        Eeprom eeprom = image.Eeprom;
        output.WriteLine($"image    {image.FilePath}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"format   version {CardImageFile.FormatVersion}, {eeprom.Capacity:N0}-byte EEPROM in {eeprom.PageCount:N0} pages of {Eeprom.PageSize}, {image.Sequence:N0} flushes"));
        output.WriteLine($"profile  {image.Profile ?? "not recorded (the image was made before cardos recorded profiles)"}");

        Eeprom copy = eeprom.Copy();
        try
        {
            if (!PersistentMemory.IsFormatted(copy))
            {
                // Formatting the copy proves the EEPROM blank (never formatted, or a format cut short) and writes no file.
                PersistentMemory.Format(copy, Math.Min(PersistentMemory.DefaultJournalCapacity, copy.Capacity / 2));
                output.WriteLine("memory   blank: the card has never been powered up");
                return;
            }

            PersistentMemory memory = PersistentMemory.Open(copy);
            int interrupted = memory.CountJournalEntries();
            memory.PowerUp();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"memory   {memory.AvailableBytes:N0} bytes free; journal {memory.JournalCapacity:N0} bytes"));
            if (interrupted > 0)
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"journal  an interrupted transaction was rolled back ({interrupted} journalled writes undone); shown as the card holds it after power-up, the file still holds the torn state until then"));
            PrintWear(eeprom, output);

            IReadOnlyList<PersistentObjectInfo> objects = memory.GetObjects();
            output.WriteLine($"objects  {objects.Count}");
            foreach (IGrouping<Aid, PersistentObjectInfo> applet in objects.GroupBy(o => o.Owner))
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  applet {applet.Key}: {applet.Count()} objects, {applet.Sum(o => o.Length):N0} bytes"));
                foreach (PersistentObjectInfo item in applet)
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    #{item.Id,-5} {item.Length,7:N0} bytes at 0x{item.Address:X6}"));
            }

            if (objects.Any(o => o.Owner.Equals(BankCardApplet.DefaultAid)))
            {
                // The applet re-binds to its files on the recovered copy; key files are never read out.
                var card = new Card(new CardOptions { EepromCapacity = copy.Capacity }, copy);
                PrintBank(BankCardApplet.Install(card, new byte[16]).TakeSnapshot(), output);
            }
        }
        catch (InvalidDataException e)
        {
            throw new CardImageException(image.FilePath, e.Message.TrimEnd('.'), e);
        }
    }

    internal static void PrintBank(BankCardSnapshot? snapshot, TextWriter output)
    {
        output.WriteLine($"bank     applet {BankCardApplet.DefaultAid}");
        if (snapshot is null)
        {
            output.WriteLine("  blank: not personalised yet");
            return;
        }

        output.WriteLine($"  role            {snapshot.Role}, {snapshot.LifeState}, profile {snapshot.Profile}");
        output.WriteLine($"  ACCOUNT_NUMBER  {snapshot.Account}");
        if (snapshot.Balance is BankBalance balance)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  BALANCE         {balance.Amount:N0} (currency {balance.Currency:X2}), last interest {balance.LastInterestDate}, rate {balance.Rate:N0} x 10^-9/day, serial {balance.Serial:X8}"));
            output.WriteLine($"  checksum        {(snapshot.BalanceChecksumValid ? "valid" : "INVALID: the card answers 6581 until BALANCE is restored")}");
        }
        else
        {
            output.WriteLine("  BALANCE         does not decode (check bits wrong)");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  KEY_INFO        keys {snapshot.KeyNumber}-{snapshot.KeyNumber + 3}, updated {snapshot.KeyDate}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  BAD_KEY         {snapshot.BadKey}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  PASSBOOK        {snapshot.Passbook.Count} entries, newest first"));
        if (snapshot.Passbook.Count == 0)
            return;
        output.WriteLine("    #   type              amount  other     other account     balance");
        for (int i = 0; i < snapshot.Passbook.Count; i++)
        {
            PassbookEntry entry = snapshot.Passbook[i];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {i + 1,-3} {entry.Type,-16} {entry.Amount,7}  {entry.OtherNameText,-8}  {entry.OtherAccount}  {entry.NewBalance,7}"));
        }
    }

    private static void PrintWear(Eeprom eeprom, TextWriter output)
    {
        long total = 0;
        var pages = new List<(int Page, long Writes)>();
        for (int page = 0; page < eeprom.PageCount; page++)
        {
            long writes = eeprom.GetPageWrites(page);
            total += writes;
            if (writes > 0)
                pages.Add((page, writes));
        }

        string hot = string.Join(", ", pages.OrderByDescending(p => p.Writes).Take(5).Select(p => string.Create(CultureInfo.InvariantCulture, $"page {p.Page} ({p.Writes:N0})")));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wear     {total:N0} page writes on {pages.Count:N0} pages; most written: {(hot.Length == 0 ? "none" : hot)}"));
    }
}
