using System.Buffers.Binary;

namespace CardOS.Applets.SecurityCard;

/// <summary>
/// The bank's authenticated acknowledgement of a withdrawal request (WO 98/25220, FIG. 10 step 910), optionally
/// carrying a renewed CARD-CERT.
/// </summary>
/// <remarks>
/// Encoding (40 or 645 bytes): seq# (4), amount (4), new CARD-CERT (0 or 605), MAC (32) =
/// HMAC-SHA256(K_M, "WACK" || card# || nonce || seq# || amount || new CARD-CERT). The nonce is the request's,
/// so an acknowledgement answers exactly one request.
/// </remarks>
public static class WithdrawalAcknowledgement
{
    /// <summary>Bytes of an acknowledgement without a certificate.</summary>
    public const int Length = 4 + 4 + SecurityCardMacs.KeyLength;

    /// <summary>Bytes of an acknowledgement with a renewed certificate.</summary>
    public const int LengthWithCertificate = Length + CardCertificate.Length;

    /// <summary>Builds the acknowledgement of <paramref name="request"/> under the card's withdrawal key.</summary>
    public static byte[] Create(ReadOnlySpan<byte> withdrawalKey, WithdrawalRequest request, CardCertificate? renewedCertificate = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ReadOnlySpan<byte> certificate = renewedCertificate is null ? default : renewedCertificate.Encoded.Span;
        var encoded = new byte[Length + certificate.Length];
        BinaryPrimitives.WriteUInt32BigEndian(encoded, request.SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(encoded.AsSpan(4), request.Amount);
        certificate.CopyTo(encoded.AsSpan(8));
        SecurityCardMacs.ComputeAcknowledgementMac(
            withdrawalKey, request.CardNumber, request.Nonce.Span, request.SequenceNumber, request.Amount, certificate, encoded.AsSpan(8 + certificate.Length));
        return encoded;
    }
}
