using System.CommandLine;
using System.Globalization;
using CardOS.Apdu;
using CardOS.Applets.BankHierarchy;
using CardOS.Cli.Hosting;
using CardOS.Runtime;
using CardOS.Storage;

namespace CardOS.Cli.Commands;

/// <summary>
/// <c>cardos inspect IMAGE</c>: what a card image file holds (format, free memory, wear, the applets' objects) without
/// building a card or writing to the file. Key values are never printed: objects are listed by id and size.
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

    /// <returns>0, 2 when the file is not a usable image, or 3 when another process holds it.</returns>
    internal static int Run(string path, TextWriter output, TextWriter error)
    {
        try
        {
            bool bank;
            using (CardImageFile image = CardImageFile.Open(path))
                bank = Print(image, output);
            if (bank)
                PrintBank(path, output);
            return 0;
        }
        catch (CardImageException e)
        {
            error.WriteLine(Messages.Line("cardos inspect", e.Message));
            return ExitCode.For(e);
        }
    }

    /// <returns>Whether the image holds the bank applet's objects.</returns>
    private static bool Print(CardImageFile image, TextWriter output)
    {
        Eeprom eeprom = image.Eeprom;
        output.WriteLine($"image    {image.FilePath}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"format   version {CardImageFile.FormatVersion}, {eeprom.Capacity:N0}-byte EEPROM in {eeprom.PageCount:N0} pages of {Eeprom.PageSize}, {image.Sequence:N0} flushes"));

        // An image whose system area was never written holds nothing yet; building the memory manager would format it.
        if (eeprom.Read(0, 16).IndexOfAnyExcept((byte)0) < 0)
        {
            output.WriteLine("memory   blank: the card has never been powered up");
            return false;
        }

        var memory = new PersistentMemory(eeprom);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"memory   {memory.AvailableBytes:N0} bytes free; journal {memory.JournalCapacity:N0} bytes"));
        PrintWear(eeprom, output);

        IReadOnlyList<PersistentObjectInfo> objects = memory.GetObjects();
        output.WriteLine($"objects  {objects.Count}");
        foreach (IGrouping<Aid, PersistentObjectInfo> applet in objects.GroupBy(o => o.Owner))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  applet {applet.Key}: {applet.Count()} objects, {applet.Sum(o => o.Length):N0} bytes"));
            foreach (PersistentObjectInfo item in applet)
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    #{item.Id,-5} {item.Length,7:N0} bytes at 0x{item.Address:X6}"));
        }

        return objects.Any(o => o.Owner.Equals(BankCardApplet.DefaultAid));
    }

    /// <summary>
    /// Decodes the bank applet's public files (docs/applets/bank-hierarchy.md, Files). The applet re-binds to its files on
    /// a temporary copy of the image, so the image itself is never written; key files are never read out.
    /// </summary>
    private static void PrintBank(string path, TextWriter output)
    {
        string copy = Path.Combine(Path.GetTempPath(), $"cardos-inspect-{Guid.NewGuid():N}.img");
        try
        {
            File.Copy(path, copy);
            BankCardSnapshot? snapshot;
            using (CardImageFile image = CardImageFile.Open(copy))
            {
                var card = new Card(new CardOptions { EepromCapacity = image.Capacity }, image);
                snapshot = BankCardApplet.Install(card, new byte[16]).TakeSnapshot();
            }

            PrintBank(snapshot, output);
        }
        finally
        {
            File.Delete(copy);
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
