using System.Numerics;
using CardOS.Apdu;
using CardOS.Applets.SecurityCard;
using CardOS.Reader.InProcess;
using CardOS.Runtime;

namespace CardOS.Tests.SecurityCard;

/// <summary>Whole protocols through the host-side drivers: personalisation, lock, withdrawal, renewal.</summary>
public class SecurityCardFlowTests
{
    private static SecurityKeyCardDriver KeyCard(out Card card)
    {
        card = new Card(new CardOptions { RandomSeed = 7 });
        SecurityKeyCardApplet.Install(card);
        var driver = new SecurityKeyCardDriver(new InProcessReader(card));
        driver.Select();
        return driver;
    }

    [Test]
    public void Personalisation_UserSecretGeneratedOnCard_PaymentsVerify()
    {
        SecurityCardHarness card = SecurityCardHarness.Blank(seed: 3);
        using SecurityCardBankKeys keys = SecurityCardTestKeys.CreateBankKeys();
        var issuer = new SecurityCardIssuer(keys, SecurityCardHarness.Group);
        BigInteger userPublicKey = SecurityCardIssuer.PersonalizeUserPart(card.Driver, "98765");
        Assert.That(card.Driver.ReadPublicKey(SecurityCardInstructions.UserKeyReference), Is.EqualTo(userPublicKey));
        CardCertificate certificate = issuer.PersonalizeBankPart(card.Driver, 77, userPublicKey, 500);

        Assert.That(card.Driver.ReadCardCertificate().Encoded.ToArray(), Is.EqualTo(certificate.Encoded.ToArray()));
        card.Driver.VerifyPinOrThrow("98765");
        PaymentCertificate payment = card.Driver.Pay(new PaymentSpecification(120, SecurityCardTestKeys.Currency, 1, DateTimeOffset.UnixEpoch));
        Assert.That(JointSchnorr.Verify(SecurityCardHarness.Group, payment, certificate.BankPublicKey, certificate.UserPublicKey), Is.True);
        Assert.That(card.Status().Balance, Is.EqualTo(380u));
    }

    [Test]
    public void PutCardCertificate_KeysNotTheCards_Answers6A80()
    {
        SecurityCardHarness card = SecurityCardHarness.Blank();
        using SecurityCardBankKeys keys = SecurityCardTestKeys.CreateBankKeys();
        var issuer = new SecurityCardIssuer(keys, SecurityCardHarness.Group);
        card.Driver.PutData(SecurityCardTags.UserSecret, SecurityCardTestKeys.UserSecret());
        card.Driver.PutData(SecurityCardTags.BankSecret, SecurityCardTestKeys.BankSecret());
        CardCertificate wrong = issuer.Certify(1, 1, SecurityCardHarness.BankPublicKey, SecurityCardHarness.Group.PublicKey(5));
        var ex = Assert.Throws<IsoException>(() => card.Driver.PutData(SecurityCardTags.CardCertificate, wrong.Encoded));
        Assert.That(ex!.StatusWord, Is.EqualTo(StatusWord.WrongData));
        Assert.That(card.Status().PersonalisationFlags & 0x40, Is.Zero);
    }

    [Test]
    public void PutUserSecret_AfterCertificate_ClearsCertificateAndBlocksActivation()
    {
        SecurityCardHarness card = SecurityCardHarness.Blank();
        using SecurityCardBankKeys keys = SecurityCardTestKeys.CreateBankKeys();
        var issuer = new SecurityCardIssuer(keys, SecurityCardHarness.Group);
        card.Driver.PutData(SecurityCardTags.UserSecret, SecurityCardTestKeys.UserSecret());
        card.Driver.ChangePin(null, "1234");
        card.Driver.PutData(SecurityCardTags.BankSecret, SecurityCardTestKeys.BankSecret());
        card.Driver.PutData(SecurityCardTags.WithdrawalKey, new byte[32]);
        card.Driver.PutData(SecurityCardTags.CloseLockKey, new byte[32]);
        card.Driver.PutData(SecurityCardTags.OpenLockKey, new byte[32]);
        card.Driver.PutData(SecurityCardTags.CardCertificate, issuer.Certify(1, 1, SecurityCardHarness.BankPublicKey, SecurityCardHarness.UserPublicKey).Encoded);
        Assert.That(card.Status().PersonalisationFlags, Is.EqualTo(0x7F));

        card.Driver.PutData(SecurityCardTags.UserSecret, SchnorrGroup.ToFixedBytes(99, 32));
        Assert.That(card.Status().PersonalisationFlags, Is.EqualTo(0x3F));
        Assert.That(card.Driver.Execute(new Applets.SecurityCard.Commands.ActivateCommand()).StatusWord, Is.EqualTo(StatusWord.ConditionsOfUseNotSatisfied));
    }

    [TestCase(TransmissionProtocol.T1)]
    [TestCase(TransmissionProtocol.T0)]
    public void ReadCardCertificate_605Bytes_ComeThroughGetResponse(TransmissionProtocol protocol)
    {
        var card = new Card(new CardOptions { RandomSeed = 1, Protocol = protocol });
        SecurityCardApplet.Install(card);
        var driver = new SecurityCardDriver(new InProcessReader(card));
        driver.Select();
        CardCertificate certificate = driver.ReadCardCertificate();
        using SecurityCardBankKeys keys = SecurityCardTestKeys.CreateBankKeys();
        Assert.That(certificate.VerifySignature(keys.SigningKey), Is.True);
        Assert.That(certificate.CardNumber, Is.EqualTo(SecurityCardTestKeys.CardNumber));
        Assert.That(certificate.UserPublicKey, Is.EqualTo(SecurityCardHarness.UserPublicKey));
        Assert.That(certificate.BankPublicKey, Is.EqualTo(SecurityCardHarness.BankPublicKey));
        Assert.That(certificate.HasValidKeys(SecurityCardHarness.Group), Is.True);
    }

    [Test]
    public void Install_OverExistingImage_KeepsState()
    {
        var card = new Card(new CardOptions { RandomSeed = 1 });
        SecurityCardApplet.Install(card);
        var driver = new SecurityCardDriver(new InProcessReader(card));
        driver.Select();
        driver.VerifyPinOrThrow(SecurityCardTestKeys.Pin);
        driver.Pay(new PaymentSpecification(10, SecurityCardTestKeys.Currency, 1, DateTimeOffset.UnixEpoch));
        card.PowerOff();
        card.PowerOn();
        driver.Select();
        Assert.That(driver.ReadStatus(), Is.EqualTo(new SecurityCardStatus(true, false, 3, 0xFF, 9990, 1, 0, 0)));
    }

    [Test]
    public void Lock_KeyCardClosesAndOpens_LockedCardRefusesValueCommands()
    {
        SecurityCardHarness card = SecurityCardHarness.Personalised();
        SecurityKeyCardDriver keyCard = KeyCard(out _);
        Assert.That(keyCard.VerifyPin(SecurityCardTestKeys.KeyCardPin).IsVerified, Is.True);

        keyCard.Operate(card.Driver, LockOperation.Close);
        Assert.That(card.Status().IsLocked, Is.True);
        card.Reader.Reset();
        card.Run(
            "00A4040008F043444F53534301 > 6283",
            SecurityCardHarness.VerifyPin,
            SecurityCardGoldenTests.Pay1000 + " > 6A81",
            "803200000400000064 00 > 6A81",
            "8034000028 " + Zeros(40) + " > 6A81",
            "00CADF2000 > 050103FF 00002710 00000000 00000000 00000000 9000");

        keyCard.Operate(card.Driver, LockOperation.Open);
        card.Reader.Reset();
        card.Run(SecurityCardHarness.SelectCard, SecurityCardHarness.VerifyPin);
        Assert.That(card.Driver.Pay(new PaymentSpecification(1000, SecurityCardTestKeys.Currency, 0x42, DateTimeOffset.UnixEpoch)).SerialNumber, Is.Zero);
    }

    [Test]
    public void Lock_CryptogramForAnotherCardOrOperation_Answers6300()
    {
        SecurityCardHarness card = SecurityCardHarness.Personalised();
        SecurityKeyCardDriver keyCard = KeyCard(out _);
        keyCard.VerifyPin(SecurityCardTestKeys.KeyCardPin).ThrowIfFailed();

        byte[] challenge = card.Driver.GetChallenge();
        byte[] otherCard = keyCard.ComputeCryptogram(LockOperation.Close, challenge, SecurityCardTestKeys.CardNumber + 1);
        Assert.That(Throws(() => card.Driver.ExternalAuthenticate(LockOperation.Close, otherCard)), Is.EqualTo(SecurityCardStatusWords.AuthenticationFailed));

        challenge = card.Driver.GetChallenge();
        byte[] openCryptogram = keyCard.ComputeCryptogram(LockOperation.Open, challenge, SecurityCardTestKeys.CardNumber);
        Assert.That(Throws(() => card.Driver.ExternalAuthenticate(LockOperation.Close, openCryptogram)), Is.EqualTo(SecurityCardStatusWords.AuthenticationFailed));

        // A cryptogram is good for one challenge only.
        challenge = card.Driver.GetChallenge();
        byte[] close = keyCard.ComputeCryptogram(LockOperation.Close, challenge, SecurityCardTestKeys.CardNumber);
        card.Driver.GetChallenge();
        Assert.That(Throws(() => card.Driver.ExternalAuthenticate(LockOperation.Close, close)), Is.EqualTo(SecurityCardStatusWords.AuthenticationFailed));
        Assert.That(card.Status().IsLocked, Is.False);
    }

    [TestCase("00A4040008F043444F53534B01 > 9000", "008800811800000000000000000000000000000000000000000000000100 > 6982", Description = "INTERNAL AUTHENTICATE before the key card's PIN: 6982")]
    [TestCase("00A4040008F043444F53534B01 > 9000", "0020008108244321FFFFFFFFFF > 9000", "008800831800000000000000000000000000000000000000000000000100 > 6A88", "0088008117000000000000000000000000000000000000000000000100 > 6700", "008801811800000000000000000000000000000000000000000000000100 > 6A86", Description = "INTERNAL AUTHENTICATE: unknown key 6A88, length 6700, P1 6A86")]
    [TestCase("00A4040008F043444F53534B01 > 9000", "0020008108241234FFFFFFFFFF > 63C2", "80880081 > 6E00", "00FE0000 > 6D00", Description = "key card: wrong PIN 63C2, CLA 80 6E00, unknown INS 6D00")]
    public void KeyCard_GoldenBytes(params string[] steps)
    {
        var card = new Card(new CardOptions { RandomSeed = 7 });
        SecurityKeyCardApplet.Install(card);
        var reader = new InProcessReader(card);
        foreach (string step in steps)
        {
            string[] parts = step.Split('>');
            Assert.That(reader.Transmit(Hex.Decode(parts[0]).AsSpan()).ToString(), Is.EqualTo(Hex.Encode(Hex.Decode(parts[1]))), step);
        }
    }

    [Test]
    public void Withdrawal_MatchingAcknowledgement_CreditsOnce()
    {
        SecurityCardHarness card = SecurityCardHarness.Personalised();
        using SecurityCardBankKeys keys = SecurityCardTestKeys.CreateBankKeys();
        byte[] withdrawalKey = keys.WithdrawalKeyFor(SecurityCardTestKeys.CardNumber);
        card.Driver.VerifyPinOrThrow(SecurityCardTestKeys.Pin);
        WithdrawalRequest request = card.Driver.RequestWithdrawal(250);
        Assert.That(request.VerifyMac(withdrawalKey), Is.True);
        Assert.That((request.CardNumber, request.SequenceNumber, request.Balance, request.Amount, request.LastCreditedSequenceNumber), Is.EqualTo((1ul, 1u, 10000u, 250u, 0u)));

        byte[] acknowledgement = WithdrawalAcknowledgement.Create(withdrawalKey, request);
        byte[] tampered = (byte[])acknowledgement.Clone();
        tampered[^1] ^= 1;
        Assert.That(Throws(() => card.Driver.AcknowledgeWithdrawal(tampered)), Is.EqualTo(SecurityCardStatusWords.AuthenticationFailed));
        card.Driver.AcknowledgeWithdrawal(acknowledgement);
        Assert.That(card.Status(), Is.EqualTo(new SecurityCardStatus(true, false, 3, 0xFF, 10250, 0, 1, 1)));

        // The same acknowledgement again, after a power cycle too: nothing changes.
        Assert.That(Throws(() => card.Driver.AcknowledgeWithdrawal(acknowledgement)), Is.EqualTo(StatusWord.ConditionsOfUseNotSatisfied));
        card.Reader.PowerCycle();
        card.Driver.Select();
        Assert.That(Throws(() => card.Driver.AcknowledgeWithdrawal(acknowledgement)), Is.EqualTo(StatusWord.ConditionsOfUseNotSatisfied));
        Assert.That(card.Status().Balance, Is.EqualTo(10250u));
    }

    [Test]
    public void Withdrawal_AcknowledgementOfReplacedRequest_IsRefused()
    {
        SecurityCardHarness card = SecurityCardHarness.Personalised();
        using SecurityCardBankKeys keys = SecurityCardTestKeys.CreateBankKeys();
        byte[] withdrawalKey = keys.WithdrawalKeyFor(SecurityCardTestKeys.CardNumber);
        card.Driver.VerifyPinOrThrow(SecurityCardTestKeys.Pin);
        WithdrawalRequest first = card.Driver.RequestWithdrawal(100);
        card.Driver.VerifyPinOrThrow(SecurityCardTestKeys.Pin);
        WithdrawalRequest second = card.Driver.RequestWithdrawal(200);
        Assert.That(second.SequenceNumber, Is.EqualTo(first.SequenceNumber + 1));
        Assert.That(Throws(() => card.Driver.AcknowledgeWithdrawal(WithdrawalAcknowledgement.Create(withdrawalKey, first))), Is.EqualTo(StatusWord.ConditionsOfUseNotSatisfied));
        card.Driver.AcknowledgeWithdrawal(WithdrawalAcknowledgement.Create(withdrawalKey, second));
        Assert.That(card.Status().Balance, Is.EqualTo(10200u));
    }

    [Test]
    public void Withdrawal_PendingRequestSurvivesPowerCycle()
    {
        SecurityCardHarness card = SecurityCardHarness.Personalised();
        using SecurityCardBankKeys keys = SecurityCardTestKeys.CreateBankKeys();
        card.Driver.VerifyPinOrThrow(SecurityCardTestKeys.Pin);
        WithdrawalRequest request = card.Driver.RequestWithdrawal(100);
        card.Reader.PowerCycle();
        card.Driver.Select();
        card.Driver.AcknowledgeWithdrawal(WithdrawalAcknowledgement.Create(keys.WithdrawalKeyFor(SecurityCardTestKeys.CardNumber), request));
        Assert.That(card.Status().Balance, Is.EqualTo(10100u));
    }

    [Test]
    public void Withdrawal_RenewedCertificate_ResetsSerialNumber()
    {
        SecurityCardHarness card = SecurityCardHarness.Personalised();
        using SecurityCardBankKeys keys = SecurityCardTestKeys.CreateBankKeys();
        var issuer = new SecurityCardIssuer(keys, SecurityCardHarness.Group);
        byte[] withdrawalKey = keys.WithdrawalKeyFor(SecurityCardTestKeys.CardNumber);
        card.Driver.VerifyPinOrThrow(SecurityCardTestKeys.Pin);
        card.Driver.Pay(new PaymentSpecification(10, SecurityCardTestKeys.Currency, 1, DateTimeOffset.UnixEpoch));
        Assert.That(card.Status().SerialNumber, Is.EqualTo(1u));

        // A renewal must keep card# and keys and raise cert#.
        card.Driver.VerifyPinOrThrow(SecurityCardTestKeys.Pin);
        WithdrawalRequest request = card.Driver.RequestWithdrawal(0);
        CardCertificate sameNumber = issuer.Certify(1, 1, SecurityCardHarness.BankPublicKey, SecurityCardHarness.UserPublicKey);
        CardCertificate otherKeys = issuer.Certify(1, 2, SecurityCardHarness.BankPublicKey, SecurityCardHarness.Group.PublicKey(7));
        Assert.That(Throws(() => card.Driver.AcknowledgeWithdrawal(WithdrawalAcknowledgement.Create(withdrawalKey, request, sameNumber))), Is.EqualTo(StatusWord.WrongData));
        Assert.That(Throws(() => card.Driver.AcknowledgeWithdrawal(WithdrawalAcknowledgement.Create(withdrawalKey, request, otherKeys))), Is.EqualTo(StatusWord.WrongData));

        CardCertificate renewed = issuer.Renew(card.Certificate);
        card.Driver.AcknowledgeWithdrawal(WithdrawalAcknowledgement.Create(withdrawalKey, request, renewed));
        Assert.That(card.Driver.ReadCardCertificate().CertificateNumber, Is.EqualTo(2u));
        Assert.That(card.Status().SerialNumber, Is.Zero);
        Assert.That(card.Driver.ReadLastPayment(), Is.Null);
        card.Driver.VerifyPinOrThrow(SecurityCardTestKeys.Pin);
        Assert.That(card.Driver.Pay(new PaymentSpecification(10, SecurityCardTestKeys.Currency, 1, DateTimeOffset.UnixEpoch)).SerialNumber, Is.Zero);
    }

    internal static StatusWord Throws(Action action) => Assert.Throws<IsoException>(() => action())!.StatusWord;

    private static string Zeros(int bytes) => new('0', 2 * bytes);
}
