using System.Numerics;
using CardOS.Apdu;
using CardOS.Applets.SecurityCard;
using CardOS.Reader.InProcess;
using CardOS.Runtime;

namespace CardOS.Tests.SecurityCard;

/// <summary>A personalised security card in an in-process reader, with the test keys; everything seeded, so runs replay.</summary>
internal sealed class SecurityCardHarness
{
    internal const string SelectCard = "00A4040008F043444F53534301 > 9000";
    internal const string VerifyPin = "00200081082412 34FFFFFFFFFF > 9000";

    private SecurityCardHarness(Card card, SecurityCardApplet applet)
    {
        Card = card;
        Applet = applet;
        Reader = new InProcessReader(card);
        Driver = new SecurityCardDriver(Reader);
    }

    public Card Card { get; }

    public SecurityCardApplet Applet { get; }

    public InProcessReader Reader { get; }

    public SecurityCardDriver Driver { get; }

    public CardCertificate Certificate { get; private set; } = null!;

    public static SchnorrGroup Group => SchnorrGroup.Rfc5114Modp2048Q256;

    public static BigInteger UserPublicKey => Group.PublicKey(SchnorrGroup.ReadUnsigned(SecurityCardTestKeys.UserSecret()));

    public static BigInteger BankPublicKey => Group.PublicKey(SchnorrGroup.ReadUnsigned(SecurityCardTestKeys.BankSecret()));

    /// <summary>A blank (unpersonalised) card, selected.</summary>
    public static SecurityCardHarness Blank(int seed = 1)
    {
        var card = new Card(new CardOptions { RandomSeed = seed });
        SecurityCardApplet applet = card.Install(SecurityCardApplet.DefaultAid, c => new SecurityCardApplet(c));
        var harness = new SecurityCardHarness(card, applet);
        harness.Driver.Select();
        return harness;
    }

    /// <summary>A card personalised with the test keys (S_U and S_C entered, PIN 1234), selected, PIN not verified.</summary>
    public static SecurityCardHarness Personalised(int seed = 1, uint balance = SecurityCardTestKeys.InitialBalance, ulong cardNumber = SecurityCardTestKeys.CardNumber)
    {
        SecurityCardHarness harness = Blank(seed);
        using SecurityCardBankKeys keys = SecurityCardTestKeys.CreateBankKeys();
        var issuer = new SecurityCardIssuer(keys, Group);
        BigInteger userPublicKey = SecurityCardIssuer.PersonalizeUserPart(harness.Driver, SecurityCardTestKeys.Pin, SecurityCardTestKeys.UserSecret());
        harness.Certificate = issuer.PersonalizeBankPart(harness.Driver, cardNumber, userPublicKey, balance, SecurityCardTestKeys.BankSecret());
        return harness;
    }

    public static byte[] Spec(uint amount, ushort currency = SecurityCardTestKeys.Currency, ulong provider = 0x42, string details = "") =>
        new PaymentSpecification(amount, currency, provider, DateTimeOffset.FromUnixTimeSeconds(0x6553F100), System.Text.Encoding.ASCII.GetBytes(details)).Encode();

    /// <summary>Runs golden steps "command &gt; response" (hex; spaces ignored) and asserts each answer.</summary>
    public void Run(params string[] steps)
    {
        foreach (string step in steps)
        {
            string[] parts = step.Split('>');
            string actual = Reader.Transmit(Hex.Decode(parts[0]).AsSpan()).ToString();
            Assert.That(actual, Is.EqualTo(Hex.Encode(Hex.Decode(parts[1]))), $"step: {step}");
        }
    }

    /// <summary>Like <see cref="Run"/>; a response of "*" accepts any answer with 9000.</summary>
    public void RunWithWildcards(params string[] steps)
    {
        foreach (string step in steps)
        {
            string[] parts = step.Split('>');
            if (parts[1].Trim() != "*")
            {
                Run(step);
                continue;
            }

            Assert.That(Reader.Transmit(Hex.Decode(parts[0]).AsSpan()).StatusWord, Is.EqualTo(StatusWord.Success), $"step: {step}");
        }
    }

    public ResponseApdu Send(string hex) => Reader.Transmit(Hex.Decode(hex).AsSpan());

    public SecurityCardStatus Status() => Driver.ReadStatus();
}
