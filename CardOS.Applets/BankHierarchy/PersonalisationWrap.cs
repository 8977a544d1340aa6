using System.Security.Cryptography;

namespace CardOS.Applets.BankHierarchy;

/// <summary>The personalisation wrap: AES-128-GCM under the transport key, nonce = the blank card's challenge ‖ 00000000, 16-byte tag appended.</summary>
public static class PersonalisationWrap
{
    /// <summary>The tag's size.</summary>
    public const int TagSize = 16;

    /// <summary>Wraps <paramref name="record"/> for the blank card that answered <paramref name="challenge"/>.</summary>
    public static byte[] Wrap(ReadOnlySpan<byte> record, ReadOnlySpan<byte> transportKey, ReadOnlySpan<byte> challenge)
    {
        byte[] wrapped = new byte[record.Length + TagSize];
        Wrap(record, transportKey, challenge, wrapped);
        return wrapped;
    }

    /// <summary>Wraps <paramref name="record"/> into <paramref name="destination"/> (record length + 16 bytes).</summary>
    public static void Wrap(ReadOnlySpan<byte> record, ReadOnlySpan<byte> transportKey, ReadOnlySpan<byte> challenge, Span<byte> destination)
    {
        Span<byte> nonce = stackalloc byte[12];
        nonce.Clear();
        challenge[..8].CopyTo(nonce);
        using var gcm = new AesGcm(transportKey, TagSize);
        gcm.Encrypt(nonce, record, destination[..record.Length], destination.Slice(record.Length, TagSize));
    }

    /// <summary>Unwraps; false when the tag does not authenticate.</summary>
    public static bool TryUnwrap(ReadOnlySpan<byte> wrapped, ReadOnlySpan<byte> transportKey, ReadOnlySpan<byte> challenge, Span<byte> record)
    {
        if (wrapped.Length < TagSize)
            return false;
        Span<byte> nonce = stackalloc byte[12];
        nonce.Clear();
        challenge[..8].CopyTo(nonce);
        using var gcm = new AesGcm(transportKey, TagSize);
        try
        {
            gcm.Decrypt(nonce, wrapped[..^TagSize], wrapped[^TagSize..], record);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            record.Clear();
            return false;
        }
    }
}
