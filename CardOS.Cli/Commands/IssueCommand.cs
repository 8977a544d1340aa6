using System.CommandLine;
using System.Globalization;
using CardOS.Applets.BankHierarchy;
using CardOS.Cli.Hosting;
using CardOS.Cli.Profiles;
using CardOS.Runtime;
using CardOS.Storage;

namespace CardOS.Cli.Commands;

/// <summary>
/// <c>cardos issue --card PROFILE --image FILE</c>: personalises a card of a profile into a new image file (never over an
/// existing one). Bank cards are issued with the test keys (docs/applets/bank-hierarchy.md, Test keys) and may take their
/// own account, name, balance and crypto profile; the balance is carried down from a throwaway center.
/// </summary>
internal static class IssueCommand
{
    /// <summary>The bank cards <c>cardos issue</c> knows: profile name, test card, role, default name.</summary>
    private static readonly (string Name, BankTestCard Card, BankRole Role, string Holder)[] BankCards =
    [
        ("bank-user", BankTestCard.User, BankRole.Consumer, "ALICE"),
        ("bank-user2", BankTestCard.SecondUser, BankRole.Consumer, "BOB"),
        ("bank-merchant", BankTestCard.Merchant, BankRole.Merchant, "SHOP"),
        ("bank-branch", BankTestCard.Branch, BankRole.Branch, "BRANCH1"),
        ("bank-region", BankTestCard.Region, BankRole.Region, "REGION1"),
        ("bank-center", BankTestCard.Center, BankRole.Center, "CENTER"),
        ("bank-admin", BankTestCard.Admin, BankRole.Admin, "ADMIN"),
    ];

    public static Command Create()
    {
        string names = string.Join(", ", CardProfiles.All.Select(p => p.Name).Concat(BankCards.Select(b => b.Name)).Distinct());
        var card = new Option<string>("--card") { Description = $"The profile to issue: {names}.", Required = true };
        var image = new Option<FileInfo>("--image") { Description = "The image file to create; an existing file is never overwritten.", Required = true };
        var account = new Option<string?>("--account") { Description = "Bank cards: the 16-digit account number (default: the test card's, e.g. 1000000000000001 for bank-user)." };
        var name = new Option<string?>("--name") { Description = "Bank cards: the public name, 1 to 8 printable characters (default: the test card's, e.g. ALICE)." };
        var balance = new Option<uint?>("--balance") { Description = "Bank cards: the opening balance, carried down from a throwaway center (default: the test card's funding; 0 for bank-admin)." };
        var profile = new Option<string?>("--profile") { Description = "Bank cards: the crypto profile, des (the default) or aes." };
        var command = new Command("issue", "Personalise a card into a new image file (bank cards with the documented test keys, PIN 1234, holder key HOLDERKEY). Serve it with cardos serve --card PROFILE --image FILE, read it with cardos inspect FILE.")
        {
            card, image, account, name, balance, profile,
        };
        command.SetAction(parse => Run(
            new IssueSettings(parse.GetValue(card)!, parse.GetValue(image)!.FullName, parse.GetValue(account), parse.GetValue(name), parse.GetValue(balance), parse.GetValue(profile)),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>What to issue.</summary>
    internal sealed record IssueSettings(string Card, string Image, string? Account = null, string? Name = null, uint? Balance = null, string? Profile = null);

    /// <returns>0 when the image is written; 2 on bad arguments, an existing file, or a file that cannot be written (no such directory, disk full).</returns>
    internal static int Run(IssueSettings settings, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (Directory.Exists(settings.Image))
            return Fail(error, $"{settings.Image} is a directory; give the path of a new image file.");
        if (File.Exists(settings.Image))
            return Fail(error, $"{settings.Image} exists; issue never overwrites an image.");

        int bank = Array.FindIndex(BankCards, b => string.Equals(b.Name, settings.Card, StringComparison.OrdinalIgnoreCase));
        CardProfile? generic = bank < 0 ? CardProfiles.Find(settings.Card) : null;
        if (bank < 0 && generic is null)
            return Fail(error, $"no profile {settings.Card}; see cardos issue --help.");

        if (bank < 0 && (settings.Account is not null || settings.Name is not null || settings.Balance is not null || settings.Profile is not null))
            return Fail(error, $"--account, --name, --balance and --profile are for bank cards, not {generic!.Name}.");

        CryptoProfile crypto;
        AccountNumber account = default;
        string holder = string.Empty;
        uint balance = 0;
        if (bank >= 0)
        {
            (string _, BankTestCard which, BankRole role, string defaultName) = BankCards[bank];
            if (!TryParseProfile(settings.Profile ?? "des", out crypto))
                return Fail(error, $"--profile is des or aes, not {settings.Profile}.");
            if (settings.Account is null)
                account = BankTestCards.AccountOf(which);
            else if (!AccountNumber.TryParse(settings.Account, out account))
                return Fail(error, $"--account takes 16 digits, not {settings.Account}.");
            holder = settings.Name ?? defaultName;
            if (holder.Length is < 1 or > 8 || !IsPrintable(holder))
                return Fail(error, $"--name takes 1 to 8 printable characters, not {holder}.");
            balance = settings.Balance ?? BankTestCards.FundingOf(which);
            if (role == BankRole.Admin && balance > 0)
                return Fail(error, "an admin card has no balance.");
            if (balance > 0xFFFFFF)
                return Fail(error, "a balance is at most 16,777,215 (FFFFFF).");
        }
        else
        {
            crypto = CryptoProfile.Des;
        }

        string name = bank >= 0 ? BankCards[bank].Name : generic!.Name;
        var options = new CardOptions();
        CardImageFile file;
        try
        {
            file = CardImageFile.Create(settings.Image, options.EepromCapacity, profile: name);
        }
        catch (CardImageException e)
        {
            return ExitCode.Report(error, "cardos issue", e);
        }

        try
        {
            using (file)
            {
                Card card;
                if (bank >= 0)
                {
                    card = new Card(options, file);
                    BankTestCards.Install(card, BankCards[bank].Role, account, holder, balance, crypto);
                }
                else
                {
                    card = generic!.CreateCard(file);
                    if (!card.IsPowered)
                        card.PowerOn();
                }

                card.PowerOff();
                file.Flush();
            }
        }
        catch (CardImageException e)
        {
            // A card only half issued is no card: the image this run created goes again.
            File.Delete(settings.Image);
            return ExitCode.Report(error, "cardos issue", e);
        }

        output.WriteLine(bank >= 0
            ? string.Create(CultureInfo.InvariantCulture, $"issued {BankCards[bank].Name} {holder} account {account}, balance {balance:N0}, profile {crypto} into {settings.Image}")
            : $"issued {generic!.Name} into {settings.Image}");
        return 0;
    }

    private static bool IsPrintable(string text)
    {
        foreach (char c in text)
        {
            if (c is < ' ' or > '~')
                return false;
        }

        return true;
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"cardos issue: {message}");
        return 2;
    }

    private static bool TryParseProfile(string text, out CryptoProfile profile)
    {
        profile = text.ToUpperInvariant() switch
        {
            "DES" => CryptoProfile.Des,
            "AES" => CryptoProfile.Aes,
            _ => (CryptoProfile)255,
        };
        return profile is CryptoProfile.Des or CryptoProfile.Aes;
    }
}
