using System.Numerics;
using CardOS.Apdu;
using CardOS.Applets.SecurityCard;
using CardOS.Runtime;

namespace CardOS.Cli.Commands;

/// <summary>
/// The security-card part of <c>cardos demo</c> (docs/applets/security-card.md): a payment with PIN 1234 and its
/// offline verification, then the security key card (PIN 4321, on logical channel 1 of the same card for the demo)
/// closing and opening the lock.
/// </summary>
internal static class SecurityCardDemoSection
{
    private const string Spec1000 = "000003E803D200000000000000426553F100"; // 10.00 EUR to S_id 42

    public static void Run(Card card, ApduTracePrinter trace)
    {
        SecurityCardApplet applet = SecurityCardApplet.Install(card);
        SecurityKeyCardApplet.Install(card);
        trace.Section("Security card: joint Schnorr payment, PIN, lock (docs/applets/security-card.md)");
        trace.Send("00A4040008F043444F53534301", "SELECT the security card");
        trace.Send("00CADF2000", "GET DATA DF20: operational, unlocked, 3 PIN tries, C_balance 10000, ser# 0");
        trace.Send("8030000012" + Spec1000 + "00", "PAYMENT before VERIFY: 6982");
        trace.Send("0020008108241234FFFFFFFFFF", "VERIFY 1234 (ISO 9564 format 2 PIN block)");
        ResponseApdu payment = trace.Send("8030000012" + Spec1000 + "00", "PAYMENT of 10.00 EUR: PAYMENT-CERT = ser#, spec, b, r");
        BigInteger bankKey = applet.Group.PublicKey(SchnorrGroup.ReadUnsigned(SecurityCardTestKeys.BankSecret()));
        BigInteger userKey = applet.Group.PublicKey(SchnorrGroup.ReadUnsigned(SecurityCardTestKeys.UserSecret()));
        bool verifies = PaymentCertificate.TryDecode(payment.Data.Span, out PaymentCertificate? certificate)
            && JointSchnorr.Verify(applet.Group, certificate, bankKey, userKey);
        trace.Note($"PAYMENT-CERT verifies under P_C P_U: {verifies}; under P_U alone: {certificate is not null && JointSchnorr.Verify(applet.Group, certificate, userKey)}");

        trace.Send("0070000001", "MANAGE CHANNEL: channel 1 for the security key card");
        trace.Send("01A4040008F043444F53534B01", "SELECT the security key card on channel 1");
        trace.Send("0120008108244321FFFFFFFFFF", "VERIFY the key card holder's PIN 4321");
        Operate(trace, "81", "close");
        trace.Send("00A4040008F043444F53534301", "SELECT the locked card: 6283");
        trace.Send("0020008108241234FFFFFFFFFF", "VERIFY still works");
        trace.Send("8030000012" + Spec1000 + "00", "PAYMENT on a locked card: 6A81");
        Operate(trace, "82", "open");
        trace.Send("00CADF2000", "GET DATA DF20: unlocked, C_balance 9000, ser# 1");
    }

    private static void Operate(ApduTracePrinter trace, string keyReference, string what)
    {
        string challenge = Hex.Encode(trace.Send("0084000010", "GET CHALLENGE from the security card").Data.Span);
        string cryptogram = Hex.Encode(trace.Send($"018800{keyReference}18{challenge}000000000000000100", $"INTERNAL AUTHENTICATE on the key card: the cryptogram to {what} card 1's lock").Data.Span);
        trace.Send($"008200{keyReference}20{cryptogram}", $"EXTERNAL AUTHENTICATE: {what} the lock");
    }
}
