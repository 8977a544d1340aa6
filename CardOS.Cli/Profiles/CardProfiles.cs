using CardOS.Applets.BankHierarchy;
using CardOS.Applets.FileSystem;
using CardOS.Applets.Purse;
using CardOS.Applets.SecurityCard;
using CardOS.Reader.Tracing;
using CardOS.Runtime;

namespace CardOS.Cli.Profiles;

/// <summary>The card profiles <c>cardos serve --card</c> knows. Add a profile here when its applets land.</summary>
internal static class CardProfiles
{
    /// <summary>The bank card's commands with secret data: its proprietary VERIFY (PIN, holder key), ISSUE CARD (the new card's PIN and holder key) and PERSONALISE (keys).</summary>
    public static SecretCommands BankSecrets { get; } =
        SecretCommands.Iso.WithProprietary(BankInstructions.Verify, BankInstructions.IssueCard, BankInstructions.Personalise);

    /// <summary>Every profile, in the order <c>--help</c> lists them.</summary>
    public static IReadOnlyList<CardProfile> All { get; } =
    [
        new("diagnostic", "The runtime plus the diagnostic applet (ECHO, PATTERN, INCREMENT; docs/reader.md).", new CardOptions(), card =>
            card.Install(DiagnosticApplet.AppletAid, context => new DiagnosticApplet(context))),
        new("diagnostic-t0", "The diagnostic profile speaking T=0 (61xx, 6Cxx and GET RESPONSE as ISO/IEC 7816-3 has them).", new CardOptions { Protocol = TransmissionProtocol.T0 }, card =>
            card.Install(DiagnosticApplet.AppletAid, context => new DiagnosticApplet(context))),
        new("blank", "The runtime alone: logical channels, SELECT by AID (nothing installed), GET RESPONSE.", new CardOptions(), _ => { }),
        Bank("bank-user", BankTestCard.User, "consumer ALICE 1000000000000001, 1,000"),
        Bank("bank-user2", BankTestCard.SecondUser, "consumer BOB 1000000000000002, 1,000"),
        Bank("bank-branch", BankTestCard.Branch, "branch BRANCH1 7000000000000001, 10,000"),
        Bank("bank-region", BankTestCard.Region, "region REGION1 8000000000000001, 100,000"),
        Bank("bank-center", BankTestCard.Center, "center CENTER 9000000000000001, 1,000,000"),
        Bank("bank-merchant", BankTestCard.Merchant, "merchant SHOP 2000000000000001, 1,000"),
        Bank("bank-admin", BankTestCard.Admin, "admin ADMIN 0000000000000001, no balance"),
        new("iso-fs", "An ISO/IEC 7816-4 file system with a PIN, selected at power-up so the MF answers at once (docs/applets/iso-filesystem.md; PIN 1234).", new CardOptions(), card =>
            IsoFileSystemApplet.Install(card, isDefault: true)),
        new("security", "The security card of WO 98/25220: joint Schnorr payments, PIN 1234, test keys (docs/applets/security-card.md).", new CardOptions(), card =>
            SecurityCardApplet.Install(card)),
        new("security-key", "The security key card that closes and opens a security card's lock, PIN 4321 (docs/applets/security-card.md).", new CardOptions(), card =>
            SecurityKeyCardApplet.Install(card)),
        new("purse", "A stored-value purse of the test issuer, card 5999000000000001, 100.00 EUR of at most 1000.00 (docs/applets/purse.md).", new CardOptions(), card =>
            PurseApplet.Install(card, PursePersonalization.ForTestIssuer(initialBalance: 10_000), isDefault: true)),
        new("psam", "A purchase security module (PSAM) for the test issuer's purses, id 50534101 (docs/applets/purse.md).", new CardOptions(), card =>
            PsamApplet.Install(card, PsamPersonalization.ForTestIssuer(), isDefault: true)),
        new("load-module", "The test issuer's load module, id 4C4D3001 (docs/applets/purse.md).", new CardOptions(), card =>
            LoadModuleApplet.Install(card, LoadModulePersonalization.ForTestIssuer(), isDefault: true)),
    ];

    private static CardProfile Bank(string name, BankTestCard which, string what) =>
        new(name, $"Bank hierarchy test card (docs/applets/bank-hierarchy.md, Test keys): {what}; PIN 1234, holder key HOLDERKEY.", new CardOptions(), card =>
            BankCardApplet.InstallTestCard(card, which))
        {
            Secrets = BankSecrets,
        };

    /// <summary>The profile called <paramref name="name"/> (case-insensitive), or null.</summary>
    public static CardProfile? Find(string name)
    {
        foreach (CardProfile profile in All)
        {
            if (string.Equals(profile.Name, name, StringComparison.OrdinalIgnoreCase))
                return profile;
        }

        return null;
    }
}
