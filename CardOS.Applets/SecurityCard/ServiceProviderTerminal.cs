using System.Security.Cryptography;

namespace CardOS.Applets.SecurityCard;

/// <summary>
/// A service provider's terminal (WO 98/25220 FIG. 8): reads and verifies CARD-CERT offline (bank signature, validity
/// interval, keys), shows the payment specification, has the user approve it with the PIN, and verifies the card's
/// PAYMENT-CERT offline before accepting it; keeps the accepted payments for deposit.
/// </summary>
public sealed class ServiceProviderTerminal
{
    private readonly SchnorrGroup _group;
    private readonly ECDsa _bankPublicKey;
    private readonly TimeProvider _time;
    private readonly List<CollectedPayment> _payments = [];
    private readonly HashSet<(ulong Card, uint Certificate, uint Serial)> _seen = [];

    /// <summary>Creates a terminal for provider <paramref name="providerId"/> (S_id) that trusts <paramref name="bankPublicKey"/>.</summary>
    public ServiceProviderTerminal(ulong providerId, ECDsa bankPublicKey, SchnorrGroup group, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(bankPublicKey);
        ArgumentNullException.ThrowIfNull(group);
        ProviderId = providerId;
        _bankPublicKey = bankPublicKey;
        _group = group;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The provider's S_id.</summary>
    public ulong ProviderId { get; }

    /// <summary>The payments accepted since the last <see cref="TakePayments"/>.</summary>
    public IReadOnlyList<CollectedPayment> Payments => _payments;

    /// <summary>Reads CARD-CERT and verifies it (FIG. 8 steps 410-420).</summary>
    /// <exception cref="PaymentRejectedException">The certificate does not verify, is out of its validity interval, or carries bad keys.</exception>
    public CardCertificate ReadCardCertificate(SecurityCardDriver card)
    {
        ArgumentNullException.ThrowIfNull(card);
        CardCertificate certificate = card.ReadCardCertificate();
        VerifyCardCertificate(certificate);
        return certificate;
    }

    /// <summary>Verifies a CARD-CERT offline.</summary>
    /// <exception cref="PaymentRejectedException">It does not verify.</exception>
    public void VerifyCardCertificate(CardCertificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.VerifySignature(_bankPublicKey))
            throw new PaymentRejectedException("The CARD-CERT's bank signature does not verify.");
        if (!certificate.IsValidAt(_time.GetUtcNow()))
            throw new PaymentRejectedException($"The CARD-CERT is valid from {certificate.ValidFrom:u} to {certificate.ValidUntil:u} only.");
        if ((certificate.UsageFlags & CardCertificate.OfflinePaymentAllowed) == 0)
            throw new PaymentRejectedException("The CARD-CERT does not allow offline payments.");
        if (!certificate.HasValidKeys(_group))
            throw new PaymentRejectedException("The CARD-CERT's public keys are not elements of the group.");
    }

    /// <summary>
    /// Runs one payment: CARD-CERT, spec, PIN, PAYMENT-CERT, offline verification (FIG. 8 steps 400-570).
    /// </summary>
    /// <exception cref="PaymentRejectedException">A certificate failed to verify, or the PAYMENT-CERT is a duplicate.</exception>
    /// <exception cref="Apdu.IsoException">The card refused (wrong PIN, insufficient balance, locked, ...).</exception>
    public CollectedPayment Collect(SecurityCardDriver card, uint amount, string pin, ReadOnlySpan<byte> details = default)
    {
        ArgumentNullException.ThrowIfNull(card);
        card.Select();
        CardCertificate certificate = ReadCardCertificate(card);
        var specification = new PaymentSpecification(amount, certificate.Currency, ProviderId, _time.GetUtcNow(), details);
        card.VerifyPinOrThrow(pin);
        PaymentCertificate payment = card.Pay(specification);
        if (!payment.Spec.Span.SequenceEqual(specification.Encode()))
            throw new PaymentRejectedException("The card signed another specification than the one shown.");
        return Accept(certificate, payment);
    }

    /// <summary>Verifies a PAYMENT-CERT under its CARD-CERT (FIG. 8 step 540) and keeps it.</summary>
    /// <exception cref="PaymentRejectedException">The signature fails, the payment is not to this provider, or it was already accepted.</exception>
    public CollectedPayment Accept(CardCertificate certificate, PaymentCertificate payment)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(payment);
        if (!JointSchnorr.Verify(_group, payment, certificate.BankPublicKey, certificate.UserPublicKey))
            throw new PaymentRejectedException("The PAYMENT-CERT's joint signature does not verify.");
        if (payment.Specification.ProviderId != ProviderId)
            throw new PaymentRejectedException("The PAYMENT-CERT pays another service provider.");
        if (!_seen.Add((certificate.CardNumber, certificate.CertificateNumber, payment.SerialNumber)))
            throw new PaymentRejectedException($"ser# {payment.SerialNumber} of card {certificate.CardNumber:X16} was already accepted.");
        var collected = new CollectedPayment(certificate, payment);
        _payments.Add(collected);
        return collected;
    }

    /// <summary>Hands over the payments for deposit and starts a new batch.</summary>
    public IReadOnlyList<CollectedPayment> TakePayments()
    {
        CollectedPayment[] batch = [.. _payments];
        _payments.Clear();
        return batch;
    }
}
