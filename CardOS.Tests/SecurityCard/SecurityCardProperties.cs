using CardOS.Apdu;
using CardOS.Applets.SecurityCard;
using FsCheck;
using FsCheck.Fluent;

using CardOS.Tests.Storage;

namespace CardOS.Tests.SecurityCard;

/// <summary>The card's invariants, searched by FsCheck: signatures, ser#, balance, lock.</summary>
public class SecurityCardProperties
{
    private static readonly SchnorrGroup Group = SecurityCardHarness.Group;

    // FsCheck.NUnit calls a property method once per case: the cards live in the fixture, so one card serves a whole run
    // (ser# and C_balance move on from case to case) and the run does not personalise a card per case.
    private SecurityCardHarness? _signingCard;
    private SecurityCardHarness? _balanceCard;
    private SecurityCardHarness? _lockedCard;

    private static readonly Gen<byte[]> Details = Gen.Choose(0, PaymentSpecification.MaxDetailsLength).SelectMany(n => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), n));

    [FsCheck.NUnit.Property(MaxTest = 100)]
    public Property Payment_EveryCertificate_VerifiesOnlyUnderTheJointKeyAndUntampered()
    {
        SecurityCardHarness card = _signingCard ??= SecurityCardHarness.Personalised(seed: 11, balance: 1_000_000_000);
        var cases = from amount in Gen.Choose(1, 100_000)
                    from provider in ArbMap.Default.GeneratorFor<ulong>()
                    from details in Details
                    from bit in Gen.Choose(0, int.MaxValue)
                    select (amount, provider, details, bit);
        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            card.Driver.VerifyPinOrThrow(SecurityCardTestKeys.Pin);
            var specification = new PaymentSpecification((uint)c.amount, SecurityCardTestKeys.Currency, c.provider, DateTimeOffset.UnixEpoch.AddSeconds(c.bit), c.details);
            PaymentCertificate payment = card.Driver.Pay(specification);

            byte[] encoded = payment.Encode();
            int bits = (encoded.Length * 8) - 8 * 1; // every bit except the spec-length byte, which frames the rest
            int flip = c.bit % bits;
            int index = flip / 8 >= 4 ? (flip / 8) + 1 : flip / 8;
            encoded[index] ^= (byte)(1 << (flip % 8));
            PaymentCertificate tampered = PaymentCertificate.Decode(encoded);

            return JointSchnorr.Verify(Group, payment, card.Certificate.BankPublicKey, card.Certificate.UserPublicKey)
                && payment.Spec.Span.SequenceEqual(specification.Encode())
                && !JointSchnorr.Verify(Group, tampered, card.Certificate.BankPublicKey, card.Certificate.UserPublicKey)
                && !JointSchnorr.Verify(Group, payment, card.Certificate.BankPublicKey)
                && !JointSchnorr.Verify(Group, payment, card.Certificate.UserPublicKey);
        });
    }

    private enum Step
    {
        Pay,
        PayWithoutPin,
        PayTooMuch,
        PowerCycle,
        TornPayment,
        Renew,
    }

    [FsCheck.NUnit.Property(MaxTest = 25)]
    public Property SerialNumber_NeverRepeatsUnderOneCertificate()
    {
        Gen<Step[]> steps = Gen.ArrayOf(Gen.Elements(Enum.GetValues<Step>()), 12);
        return Prop.ForAll(steps.ToArbitrary(), Gen.Choose(0, 9).ToArbitrary(), (sequence, tearAt) =>
        {
            SecurityCardHarness card = SecurityCardHarness.Personalised(seed: tearAt + 100, balance: 100_000);
            using SecurityCardBankKeys keys = SecurityCardTestKeys.CreateBankKeys();
            var issuer = new SecurityCardIssuer(keys, Group);
            CardCertificate certificate = card.Certificate;
            var seen = new HashSet<(uint Certificate, uint Serial)>();
            uint expectedSerial = 0;
            var spec = new PaymentSpecification(5, SecurityCardTestKeys.Currency, 9, DateTimeOffset.UnixEpoch);
            foreach (Step step in sequence)
            {
                switch (step)
                {
                    case Step.Pay:
                        card.Driver.VerifyPinOrThrow(SecurityCardTestKeys.Pin);
                        PaymentCertificate payment = card.Driver.Pay(spec);
                        if (payment.SerialNumber != expectedSerial++ || !seen.Add((certificate.CertificateNumber, payment.SerialNumber)))
                            throw new InvalidOperationException($"pay: ser# {payment.SerialNumber}, expected {expectedSerial - 1}");
                        break;
                    case Step.PayWithoutPin:
                        StatusWord noPin = card.Driver.Execute(new Applets.SecurityCard.Commands.PaymentCommand(spec)).StatusWord;
                        if (noPin != StatusWord.SecurityStatusNotSatisfied)
                            throw new InvalidOperationException($"no PIN: {noPin}");
                        break;
                    case Step.PayTooMuch:
                        card.Driver.VerifyPinOrThrow(SecurityCardTestKeys.Pin);
                        var tooMuch = new PaymentSpecification(200_000, SecurityCardTestKeys.Currency, 9, DateTimeOffset.UnixEpoch);
                        StatusWord refused = card.Driver.Execute(new Applets.SecurityCard.Commands.PaymentCommand(tooMuch)).StatusWord;
                        if (refused != SecurityCardStatusWords.InsufficientBalance)
                            throw new InvalidOperationException($"too much: {refused}");
                        break;
                    case Step.PowerCycle:
                        card.Reader.PowerCycle();
                        card.Driver.Select();
                        break;
                    case Step.TornPayment:
                        card.Driver.VerifyPinOrThrow(SecurityCardTestKeys.Pin);
                        var cut = ScheduledCut.At(card.Card.Eeprom, tearAt);
                        try
                        {
                            card.Driver.Pay(spec);
                        }
                        catch (CardConnectionException)
                        {
                        }

                        cut.Settle($"payment cut at write {tearAt}");
                        card.Reader.PowerCycle();
                        card.Driver.Select();
                        uint serial = card.Status().SerialNumber;
                        if (serial == expectedSerial + 1)
                        {
                            PaymentCertificate? last = card.Driver.ReadLastPayment();
                            if (last is null || last.SerialNumber != expectedSerial++ || !seen.Add((certificate.CertificateNumber, last.SerialNumber)))
                                throw new InvalidOperationException($"torn: last payment {last?.SerialNumber}, expected {expectedSerial - 1}");
                        }
                        else if (serial != expectedSerial)
                        {
                            throw new InvalidOperationException($"torn: ser# {serial}, expected {expectedSerial}");
                        }

                        break;
                    case Step.Renew:
                        card.Driver.VerifyPinOrThrow(SecurityCardTestKeys.Pin);
                        WithdrawalRequest request = card.Driver.RequestWithdrawal(0);
                        certificate = issuer.Renew(certificate);
                        card.Driver.AcknowledgeWithdrawal(WithdrawalAcknowledgement.Create(keys.WithdrawalKeyFor(certificate.CardNumber), request, certificate));
                        expectedSerial = 0;
                        break;
                }
            }

            return card.Status().SerialNumber == expectedSerial;
        });
    }

    [FsCheck.NUnit.Property(MaxTest = 100)]
    public Property Payment_AboveBalance_RefusedAndNothingChanges()
    {
        SecurityCardHarness card = _balanceCard ??= SecurityCardHarness.Personalised(seed: 12, balance: 5000);
        return Prop.ForAll(Gen.Choose(5001, int.MaxValue).ToArbitrary(), amount =>
        {
            SecurityCardStatus before = card.Status();
            card.Driver.VerifyPinOrThrow(SecurityCardTestKeys.Pin);
            var spec = new PaymentSpecification((uint)amount, SecurityCardTestKeys.Currency, 1, DateTimeOffset.UnixEpoch);
            StatusWord answer = card.Driver.Execute(new Applets.SecurityCard.Commands.PaymentCommand(spec)).StatusWord;
            return answer == SecurityCardStatusWords.InsufficientBalance && card.Status() == before;
        });
    }

    [FsCheck.NUnit.Property(MaxTest = 100)]
    public Property Payment_WhenLocked_RefusedAndNothingChanges()
    {
        SecurityCardHarness card = _lockedCard ??= SecurityCardHarness.Personalised(seed: 13, balance: 5000);
        if (!card.Status().IsLocked)
        {
            using SecurityCardBankKeys keys = SecurityCardTestKeys.CreateBankKeys();
            byte[] challenge = card.Driver.GetChallenge();
            byte[] cryptogram = new byte[32];
            SecurityCardMacs.ComputeLockCryptogram(keys.LockKeyFor(LockOperation.Close, SecurityCardTestKeys.CardNumber), LockOperation.Close, challenge, SecurityCardTestKeys.CardNumber, cryptogram);
            card.Driver.ExternalAuthenticate(LockOperation.Close, cryptogram);
        }

        return Prop.ForAll(Gen.Choose(1, int.MaxValue).ToArbitrary(), amount =>
        {
            SecurityCardStatus before = card.Status();
            card.Driver.VerifyPinOrThrow(SecurityCardTestKeys.Pin);
            var spec = new PaymentSpecification((uint)amount, SecurityCardTestKeys.Currency, 1, DateTimeOffset.UnixEpoch);
            StatusWord answer = card.Driver.Execute(new Applets.SecurityCard.Commands.PaymentCommand(spec)).StatusWord;
            StatusWord withdrawal = card.Driver.Execute(new Applets.SecurityCard.Commands.WithdrawalRequestCommand((uint)amount)).StatusWord;
            return answer == SecurityCardStatusWords.SecurityLockClosed && withdrawal == SecurityCardStatusWords.SecurityLockClosed && card.Status() == before && before.IsLocked;
        });
    }
}
