using CardOS.Apdu;
using CardOS.Applets.SecurityCard;

namespace CardOS.Tests.SecurityCard;

/// <summary>
/// Power cut at every EEPROM write of a payment and of a withdrawal acknowledgement: after the next power-up, either the
/// whole operation happened (and, for a payment, its PAYMENT-CERT is on the card and verifies) or nothing changed.
/// </summary>
public class SecurityCardTearTests
{
    private static readonly PaymentSpecification Spec = new(700, SecurityCardTestKeys.Currency, 0x42, DateTimeOffset.FromUnixTimeSeconds(0x6553F100));

    private static long WritesOf(Action<SecurityCardHarness> operation, Action<SecurityCardHarness> prepare)
    {
        SecurityCardHarness card = SecurityCardHarness.Personalised();
        prepare(card);
        long before = card.Card.Eeprom.WriteCount;
        operation(card);
        return card.Card.Eeprom.WriteCount - before;
    }

    private static void PreparePayment(SecurityCardHarness card) => card.Driver.VerifyPinOrThrow(SecurityCardTestKeys.Pin);

    [TestCase(0.0)]
    [TestCase(0.5)]
    [TestCase(0.99)]
    public void Payment_PowerCutAtEveryWrite_AllOrNothing(double fraction)
    {
        long writes = WritesOf(c => c.Driver.Pay(Spec), PreparePayment);
        Assert.That(writes, Is.GreaterThan(0));
        int happened = 0;
        for (long n = 0; n <= writes; n++)
        {
            SecurityCardHarness card = SecurityCardHarness.Personalised();
            PreparePayment(card);
            SecurityCardStatus before = card.Status();
            PreparePayment(card);
            card.Card.Eeprom.ScheduleTear(n, fraction);
            PaymentCertificate? answered = null;
            try
            {
                answered = card.Driver.Pay(Spec);
            }
            catch (CardConnectionException)
            {
            }

            card.Card.Eeprom.CancelTear();
            Assert.That(answered is null, Is.EqualTo(n < writes), $"cut at write {n} of {writes}");
            card.Reader.PowerCycle();
            card.Driver.Select();
            SecurityCardStatus after = card.Status();
            PaymentCertificate? last = card.Driver.ReadLastPayment();
            if (after.SerialNumber == before.SerialNumber + 1)
            {
                happened++;
                Assert.That(after, Is.EqualTo(before with { Balance = before.Balance - Spec.Amount, SerialNumber = before.SerialNumber + 1 }), $"cut at write {n}");
                Assert.That(last, Is.Not.Null, $"cut at write {n}");
                Assert.That(last!.SerialNumber, Is.EqualTo(before.SerialNumber));
                Assert.That(last.Spec.ToArray(), Is.EqualTo(Spec.Encode()));
                Assert.That(JointSchnorr.Verify(SecurityCardHarness.Group, last, card.Certificate.BankPublicKey, card.Certificate.UserPublicKey), Is.True, $"cut at write {n}");
                if (answered is not null)
                    Assert.That(answered.Encode(), Is.EqualTo(last.Encode()));
            }
            else
            {
                Assert.That(after, Is.EqualTo(before), $"cut at write {n}: half a payment");
                Assert.That(last, Is.Null, $"cut at write {n}");
            }
        }

        // Only the uncut run (and no cut before the commit) completes the payment.
        Assert.That(happened, Is.EqualTo(1));
    }

    [TestCase(0.0)]
    [TestCase(0.5)]
    public void WithdrawalAcknowledgement_PowerCutAtEveryWrite_AllOrNothing(double fraction)
    {
        using SecurityCardBankKeys keys = SecurityCardTestKeys.CreateBankKeys();
        var issuer = new SecurityCardIssuer(keys, SecurityCardHarness.Group);
        byte[] withdrawalKey = keys.WithdrawalKeyFor(SecurityCardTestKeys.CardNumber);
        WithdrawalRequest? request = null;
        void Prepare(SecurityCardHarness c)
        {
            c.Driver.VerifyPinOrThrow(SecurityCardTestKeys.Pin);
            request = c.Driver.RequestWithdrawal(300);
        }

        // With a renewed CARD-CERT: the acknowledgement then writes the most.
        byte[] Acknowledgement(SecurityCardHarness c) => WithdrawalAcknowledgement.Create(withdrawalKey, request!, issuer.Renew(c.Certificate));
        long writes = WritesOf(c => c.Driver.AcknowledgeWithdrawal(Acknowledgement(c)), Prepare);
        for (long n = 0; n <= writes; n++)
        {
            SecurityCardHarness card = SecurityCardHarness.Personalised();
            Prepare(card);
            byte[] acknowledgement = Acknowledgement(card);
            SecurityCardStatus before = card.Status();
            card.Card.Eeprom.ScheduleTear(n, fraction);
            bool answered = true;
            try
            {
                card.Driver.AcknowledgeWithdrawal(acknowledgement);
            }
            catch (CardConnectionException)
            {
                answered = false;
            }

            card.Card.Eeprom.CancelTear();
            Assert.That(answered, Is.EqualTo(n >= writes), $"cut at write {n} of {writes}");
            card.Reader.PowerCycle();
            card.Driver.Select();
            SecurityCardStatus after = card.Status();
            uint certificateNumber = card.Driver.ReadCardCertificate().CertificateNumber;
            if (after.LastCreditedSequenceNumber == request!.SequenceNumber)
            {
                Assert.That(after, Is.EqualTo(before with { Balance = before.Balance + 300, LastCreditedSequenceNumber = request.SequenceNumber }), $"cut at write {n}");
                Assert.That(certificateNumber, Is.EqualTo(2u));
            }
            else
            {
                Assert.That(after, Is.EqualTo(before), $"cut at write {n}: half a withdrawal");
                Assert.That(certificateNumber, Is.EqualTo(1u));

                // The request still waits: the same acknowledgement completes it now.
                card.Driver.AcknowledgeWithdrawal(acknowledgement);
                Assert.That(card.Status().Balance, Is.EqualTo(before.Balance + 300));
            }
        }
    }
}
