using CardOS.Apdu;
using CardOS.Applets.SecurityCard;
using CardOS.Reader.InProcess;
using CardOS.Runtime;
using CardOS.Storage;

namespace CardOS.Tests.SecurityCard;

/// <summary>
/// Deposit, withdrawal and renewal against the bank's SQLite ledger (a real file in a temporary folder): double deposits,
/// mismatched providers, tampered certificates, replayed requests and acknowledgements, and a restart of the service.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class SecurityCardBankTests : IDisposable
{
    /// <summary>The bank's and the terminals' clock: no test here reads the system clock.</summary>
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private const ulong ProviderA = 0xA0A0;
    private const ulong ProviderB = 0xB0B0;
    private const ulong CardNumber = 0x1234_5678_9ABC_DEF0;
    private static readonly SchnorrGroup Group = SchnorrGroup.Rfc5114Modp2048Q256;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cardos-bank-" + Guid.NewGuid().ToString("N"));
    private readonly SecurityCardBankKeys _keys = SecurityCardTestKeys.CreateBankKeys();
    private SecurityCardBank _bank;

    public SecurityCardBankTests()
    {
        Directory.CreateDirectory(_folder);
        _bank = OpenBank();
        _bank.RegisterProvider(ProviderA, "Provider A");
        _bank.RegisterProvider(ProviderB, "Provider B");
    }

    private string DatabasePath => Path.Combine(_folder, "ledger.sqlite");

    public void Dispose()
    {
        _bank.Dispose();
        _keys.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public void Deposit_ValidPayments_AreBooked()
    {
        SecurityCardDriver card = IssueCard();
        ServiceProviderTerminal terminal = Terminal(ProviderA);
        terminal.Collect(card, 100, SecurityCardTestKeys.Pin);
        terminal.Collect(card, 250, SecurityCardTestKeys.Pin);

        Assert.That(_bank.Deposit(ProviderA, terminal.TakePayments()), Is.EqualTo(new[] { DepositOutcome.Accepted, DepositOutcome.Accepted }));
        Assert.That(_bank.GetProviderBalance(ProviderA), Is.EqualTo(350));
        Assert.That(_bank.GetAccount(CardNumber)!.Balance, Is.EqualTo(650));
        Assert.That(card.ReadStatus().Balance, Is.EqualTo(650u));
    }

    [Test]
    public void Deposit_SamePaymentTwice_SecondIsRejected()
    {
        SecurityCardDriver card = IssueCard();
        CollectedPayment payment = Terminal(ProviderA).Collect(card, 100, SecurityCardTestKeys.Pin);
        Assert.That(_bank.Deposit(ProviderA, [payment, payment]), Is.EqualTo(new[] { DepositOutcome.Accepted, DepositOutcome.Duplicate }));
        Assert.That(_bank.Deposit(ProviderA, [payment]), Is.EqualTo(new[] { DepositOutcome.Duplicate }));
        Assert.That(_bank.GetProviderBalance(ProviderA), Is.EqualTo(100));
        Assert.That(_bank.GetAccount(CardNumber)!.Balance, Is.EqualTo(900));
    }

    [Test]
    public void Deposit_ByAnotherProvider_IsRejected()
    {
        SecurityCardDriver card = IssueCard();
        CollectedPayment payment = Terminal(ProviderA).Collect(card, 100, SecurityCardTestKeys.Pin);
        Assert.That(_bank.Deposit(ProviderB, [payment]), Is.EqualTo(new[] { DepositOutcome.ProviderMismatch }));
        Assert.That(_bank.Deposit(0xC0C0, [payment]), Is.EqualTo(new[] { DepositOutcome.UnknownProvider }));
        Assert.That(_bank.GetProviderBalance(ProviderB), Is.Zero);
        Assert.That(_bank.Deposit(ProviderA, [payment]), Is.EqualTo(new[] { DepositOutcome.Accepted }));
    }

    [Test]
    public void Deposit_TamperedCertificates_AreRejected()
    {
        SecurityCardDriver card = IssueCard();
        CollectedPayment payment = Terminal(ProviderA).Collect(card, 100, SecurityCardTestKeys.Pin);

        // PAYMENT-CERT: a raised amount, a flipped bit of r, a different ser#.
        byte[] encoded = payment.PaymentCertificate.Encode();
        byte[] raised = (byte[])encoded.Clone();
        raised[5 + 3] = 0xFF;
        byte[] flipped = (byte[])encoded.Clone();
        flipped[^1] ^= 0x01;
        byte[] otherSerial = (byte[])encoded.Clone();
        otherSerial[3] ^= 0x01;

        // CARD-CERT: a moved validity interval (signature breaks), and a properly signed certificate the bank never issued.
        byte[] certificate = payment.CardCertificate.Encoded.ToArray();
        certificate[5] ^= 0x01;
        using (SecurityCardBankKeys otherBank = SecurityCardBankKeys.Generate(SecurityCardTestKeys.BankId, SecurityCardTestKeys.Currency))
        {
            CardCertificate foreign = new SecurityCardIssuer(otherBank, Group).Certify(CardNumber, 1, payment.CardCertificate.BankPublicKey, payment.CardCertificate.UserPublicKey);
            CardCertificate unissued = _bank.Issuer.Certify(CardNumber, 7, payment.CardCertificate.BankPublicKey, payment.CardCertificate.UserPublicKey);
            Assert.That(
                _bank.Deposit(ProviderA, [
                    payment with { PaymentCertificate = PaymentCertificate.Decode(raised) },
                    payment with { PaymentCertificate = PaymentCertificate.Decode(flipped) },
                    payment with { PaymentCertificate = PaymentCertificate.Decode(otherSerial) },
                    payment with { CardCertificate = CardCertificate.Decode(certificate) },
                    payment with { CardCertificate = foreign },
                    payment with { CardCertificate = unissued },
                ]),
                Is.EqualTo(new[]
                {
                    DepositOutcome.InvalidPaymentCertificate, DepositOutcome.InvalidPaymentCertificate, DepositOutcome.InvalidPaymentCertificate,
                    DepositOutcome.InvalidCardCertificate, DepositOutcome.InvalidCardCertificate, DepositOutcome.UnknownCertificate,
                }));
        }

        Assert.That(_bank.GetProviderBalance(ProviderA), Is.Zero);
        Assert.That(_bank.Deposit(ProviderA, [payment]), Is.EqualTo(new[] { DepositOutcome.Accepted }));
    }

    [Test]
    public void Deposit_ClonedCardSpendingTwice_AmountAboveBalanceIsRejected()
    {
        // Two cards from one EEPROM image: the clones share keys, C_balance and ser#.
        string image = Path.Combine(_folder, "card.image");
        var options = new CardOptions { RandomSeed = 5 };
        using (CardImageFile file = CardImageFile.Create(image, options.EepromCapacity))
        {
            var original = new Card(options, file);
            original.Install(SecurityCardApplet.DefaultAid, c => new SecurityCardApplet(c));
            _bank.IssueCard(new SecurityCardDriver(new InProcessReader(original)), CardNumber, SecurityCardTestKeys.Pin, 1000, 5000);
            original.PowerOff();
        }

        string copy = Path.Combine(_folder, "clone.image");
        File.Copy(image, copy);
        using CardImageFile first = CardImageFile.Open(image);
        using CardImageFile second = CardImageFile.Open(copy);
        SecurityCardDriver cloneA = Reopen(first, options);
        SecurityCardDriver cloneB = Reopen(second, new CardOptions { RandomSeed = 6 });
        ServiceProviderTerminal terminalA = Terminal(ProviderA);
        ServiceProviderTerminal terminalB = Terminal(ProviderB);

        terminalA.Collect(cloneA, 600, SecurityCardTestKeys.Pin); // ser# 0
        terminalA.Collect(cloneA, 400, SecurityCardTestKeys.Pin); // ser# 1
        terminalB.Collect(cloneB, 10, SecurityCardTestKeys.Pin);  // ser# 0 again
        terminalB.Collect(cloneB, 10, SecurityCardTestKeys.Pin);  // ser# 1 again
        terminalB.Collect(cloneB, 900, SecurityCardTestKeys.Pin); // ser# 2: new, but the money is gone

        Assert.That(_bank.Deposit(ProviderA, terminalA.TakePayments()), Is.EqualTo(new[] { DepositOutcome.Accepted, DepositOutcome.Accepted }));
        Assert.That(
            _bank.Deposit(ProviderB, terminalB.TakePayments()),
            Is.EqualTo(new[] { DepositOutcome.Duplicate, DepositOutcome.Duplicate, DepositOutcome.InsufficientBalance }));
        Assert.That(_bank.GetAccount(CardNumber)!.Balance, Is.Zero);
        Assert.That(_bank.GetProviderBalance(ProviderB), Is.Zero);
    }

    [Test]
    public void Withdrawal_Acknowledged_CreditsCardAndAccountOnce()
    {
        SecurityCardDriver card = IssueCard();
        card.VerifyPinOrThrow(SecurityCardTestKeys.Pin);
        WithdrawalRequest request = card.RequestWithdrawal(300);
        WithdrawalResult result = _bank.ProcessWithdrawal(request);
        Assert.That(result.Outcome, Is.EqualTo(WithdrawalOutcome.Acknowledged));
        card.AcknowledgeWithdrawal(result.Acknowledgement);

        Assert.That(card.ReadStatus().Balance, Is.EqualTo(1300u));
        Assert.That(_bank.GetAccount(CardNumber), Is.EqualTo(new CardAccount(CardNumber, 1, 1300, 3700, request.SequenceNumber)));

        // Replays: the request at the bank, the acknowledgement at the card.
        Assert.That(_bank.ProcessWithdrawal(request).Outcome, Is.EqualTo(WithdrawalOutcome.Replayed));
        Assert.That(SecurityCardFlowTests.Throws(() => card.AcknowledgeWithdrawal(result.Acknowledgement)), Is.EqualTo(StatusWord.ConditionsOfUseNotSatisfied));
        Assert.That(card.ReadStatus().Balance, Is.EqualTo(1300u));
        Assert.That(_bank.GetAccount(CardNumber)!.Balance, Is.EqualTo(1300));
    }

    [Test]
    public void Withdrawal_BadRequests_AreRejected()
    {
        SecurityCardDriver card = IssueCard();
        card.VerifyPinOrThrow(SecurityCardTestKeys.Pin);
        WithdrawalRequest request = card.RequestWithdrawal(300);
        byte[] forged = request.Encoded.ToArray();
        forged[23] = 0xFF; // a larger amount under the old MAC
        Assert.That(_bank.ProcessWithdrawal(WithdrawalRequest.Decode(forged)).Outcome, Is.EqualTo(WithdrawalOutcome.InvalidMac));

        card.VerifyPinOrThrow(SecurityCardTestKeys.Pin);
        Assert.That(_bank.ProcessWithdrawal(card.RequestWithdrawal(9000)).Outcome, Is.EqualTo(WithdrawalOutcome.InsufficientFunds));
        Assert.That(_bank.GetAccount(CardNumber), Is.EqualTo(new CardAccount(CardNumber, 1, 1000, 4000, 0)));
    }

    [Test]
    public void Withdrawal_AcknowledgementNeverDelivered_IsVoidedAtTheNextRequest()
    {
        SecurityCardDriver card = IssueCard();
        card.VerifyPinOrThrow(SecurityCardTestKeys.Pin);
        WithdrawalResult lost = _bank.ProcessWithdrawal(card.RequestWithdrawal(300));
        Assert.That(_bank.GetAccount(CardNumber)!.Funding, Is.EqualTo(3700));

        // The card never saw the acknowledgement; its next request tells the bank so, and replaces the old one.
        card.VerifyPinOrThrow(SecurityCardTestKeys.Pin);
        WithdrawalRequest next = card.RequestWithdrawal(100);
        Assert.That(next.LastCreditedSequenceNumber, Is.Zero);
        WithdrawalResult result = _bank.ProcessWithdrawal(next);
        Assert.That(result.Outcome, Is.EqualTo(WithdrawalOutcome.Acknowledged));
        Assert.That(SecurityCardFlowTests.Throws(() => card.AcknowledgeWithdrawal(lost.Acknowledgement)), Is.EqualTo(StatusWord.ConditionsOfUseNotSatisfied));
        card.AcknowledgeWithdrawal(result.Acknowledgement);
        Assert.That(card.ReadStatus().Balance, Is.EqualTo(1100u));
        Assert.That(_bank.GetAccount(CardNumber), Is.EqualTo(new CardAccount(CardNumber, 1, 1100, 3900, next.SequenceNumber)));
    }

    [Test]
    public void Withdrawal_WithRenewal_NewCertificateAndFreshSerialNumbersDeposit()
    {
        SecurityCardDriver card = IssueCard();
        ServiceProviderTerminal terminal = Terminal(ProviderA);
        terminal.Collect(card, 100, SecurityCardTestKeys.Pin);

        card.VerifyPinOrThrow(SecurityCardTestKeys.Pin);
        WithdrawalResult result = _bank.ProcessWithdrawal(card.RequestWithdrawal(0), renewCertificate: true);
        card.AcknowledgeWithdrawal(result.Acknowledgement);
        Assert.That(result.RenewedCertificate!.CertificateNumber, Is.EqualTo(2u));

        CollectedPayment renewed = terminal.Collect(card, 50, SecurityCardTestKeys.Pin);
        Assert.That((renewed.CardCertificate.CertificateNumber, renewed.PaymentCertificate.SerialNumber), Is.EqualTo((2u, 0u)));
        Assert.That(_bank.Deposit(ProviderA, terminal.TakePayments()), Is.EqualTo(new[] { DepositOutcome.Accepted, DepositOutcome.Accepted }));
        Assert.That(_bank.GetAccount(CardNumber)!.CertificateNumber, Is.EqualTo(2u));
    }

    [Test]
    public void Ledger_SurvivesRestartOfTheService()
    {
        SecurityCardDriver card = IssueCard();
        ServiceProviderTerminal terminal = Terminal(ProviderA);
        CollectedPayment payment = terminal.Collect(card, 100, SecurityCardTestKeys.Pin);
        _bank.Deposit(ProviderA, terminal.TakePayments());
        card.VerifyPinOrThrow(SecurityCardTestKeys.Pin);
        WithdrawalRequest request = card.RequestWithdrawal(200);
        card.AcknowledgeWithdrawal(_bank.ProcessWithdrawal(request).Acknowledgement);
        CardAccount before = _bank.GetAccount(CardNumber)!;

        _bank.Dispose();
        _bank = OpenBank();

        Assert.That(_bank.GetAccount(CardNumber), Is.EqualTo(before));
        Assert.That(before, Is.EqualTo(new CardAccount(CardNumber, 1, 1100, 3800, request.SequenceNumber)));
        Assert.That(_bank.GetProviderBalance(ProviderA), Is.EqualTo(100));
        Assert.That(_bank.Deposit(ProviderA, [payment]), Is.EqualTo(new[] { DepositOutcome.Duplicate }));
        Assert.That(_bank.ProcessWithdrawal(request).Outcome, Is.EqualTo(WithdrawalOutcome.Replayed));
        Assert.That(new FileInfo(DatabasePath).Length, Is.GreaterThan(0));
    }

    [Test]
    public void Terminal_RefusesDuplicateAndForeignPayments()
    {
        SecurityCardDriver card = IssueCard();
        ServiceProviderTerminal terminal = Terminal(ProviderA);
        CollectedPayment payment = terminal.Collect(card, 100, SecurityCardTestKeys.Pin);
        Assert.Throws<PaymentRejectedException>(() => terminal.Accept(payment.CardCertificate, payment.PaymentCertificate));
        Assert.Throws<PaymentRejectedException>(() => Terminal(ProviderB).Accept(payment.CardCertificate, payment.PaymentCertificate));

        byte[] certificate = payment.CardCertificate.Encoded.ToArray();
        certificate[20] ^= 1;
        Assert.Throws<PaymentRejectedException>(() => terminal.VerifyCardCertificate(CardCertificate.Decode(certificate)));

        // The validity interval's edges, from the certificate itself: the last second is good, the next one is not.
        CardCertificate issued = payment.CardCertificate;
        Assert.DoesNotThrow(() => TerminalAt(issued.ValidUntil).VerifyCardCertificate(issued));
        Assert.DoesNotThrow(() => TerminalAt(issued.ValidFrom).VerifyCardCertificate(issued));
        Assert.Throws<PaymentRejectedException>(() => TerminalAt(issued.ValidUntil.AddSeconds(1)).VerifyCardCertificate(issued));
        Assert.Throws<PaymentRejectedException>(() => TerminalAt(issued.ValidFrom.AddSeconds(-1)).VerifyCardCertificate(issued));
    }

    private SecurityCardBank OpenBank() => new(DatabasePath, _keys, Group, new FixedTime(Now));

    private ServiceProviderTerminal Terminal(ulong provider) => new(provider, _keys.CreateVerifier(), Group, new FixedTime(Now));

    private ServiceProviderTerminal TerminalAt(DateTimeOffset time) => new(ProviderA, _keys.CreateVerifier(), Group, new FixedTime(time));

    private SecurityCardDriver IssueCard()
    {
        var card = new Card(new CardOptions { RandomSeed = 21 });
        card.Install(SecurityCardApplet.DefaultAid, c => new SecurityCardApplet(c));
        var driver = new SecurityCardDriver(new InProcessReader(card));
        _bank.IssueCard(driver, CardNumber, SecurityCardTestKeys.Pin, 1000, 5000);
        return driver;
    }

    private static SecurityCardDriver Reopen(CardImageFile file, CardOptions options)
    {
        var card = new Card(options, file);
        card.Install(SecurityCardApplet.DefaultAid, c => new SecurityCardApplet(c));
        return new SecurityCardDriver(new InProcessReader(card));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
