using CardOS.Applets.Crypto;

namespace CardOS.Applets.Purse;

/// <summary>
/// The MAC inputs of the purse protocol, in one place so the purse and the modules that check it cannot drift apart.
/// Each input starts with a tag byte naming the message, so no signature can stand in for another. Each applet keeps
/// one: the key schedules of the keys it used last are kept, so a signature allocates nothing.
/// </summary>
internal sealed class PurseSignatures
{
    public const int MaxMessageLength = 96;

    private readonly AesCmacSchedules _cmac = new();

    /// <summary>S2 of a purchase (PSAM → purse): tag, issuer, card, counter, currency, amount, date, PSAM id, PSAM sequence.</summary>
    public void PurchaseS2(ReadOnlySpan<byte> key, ReadOnlySpan<byte> issuer, ReadOnlySpan<byte> card, uint counter, ushort currency,
        uint amount, ReadOnlySpan<byte> date, ReadOnlySpan<byte> psamId, uint psamSequence, Span<byte> mac)
    {
        Span<byte> buffer = stackalloc byte[MaxMessageLength];
        var w = new FieldWriter(buffer);
        w.Put(PurseFormat.TagPurchaseS2);
        w.Put(issuer);
        w.Put(card);
        w.PutUInt32(counter);
        w.PutUInt16(currency);
        w.PutUInt32(amount);
        w.Put(date);
        w.Put(psamId);
        w.PutUInt32(psamSequence);
        _cmac.Compute(key, w.Written, mac);
    }

    /// <summary>S3 of a purchase (purse → PSAM): as S2 with the balance after the debit after the amount.</summary>
    public void PurchaseS3(ReadOnlySpan<byte> key, ReadOnlySpan<byte> issuer, ReadOnlySpan<byte> card, uint counter, ushort currency,
        uint amount, uint balanceAfter, ReadOnlySpan<byte> date, ReadOnlySpan<byte> psamId, uint psamSequence, Span<byte> mac)
    {
        Span<byte> buffer = stackalloc byte[MaxMessageLength];
        var w = new FieldWriter(buffer);
        w.Put(PurseFormat.TagPurchaseS3);
        w.Put(issuer);
        w.Put(card);
        w.PutUInt32(counter);
        w.PutUInt16(currency);
        w.PutUInt32(amount);
        w.PutUInt32(balanceAfter);
        w.Put(date);
        w.Put(psamId);
        w.PutUInt32(psamSequence);
        _cmac.Compute(key, w.Written, mac);
    }

    /// <summary>The proof (purse → PSAM): tag, issuer, card, queried counter, challenge, result, log entry.</summary>
    public void Proof(ReadOnlySpan<byte> key, ReadOnlySpan<byte> issuer, ReadOnlySpan<byte> card, uint counter,
        ReadOnlySpan<byte> challenge, byte result, ReadOnlySpan<byte> entry, Span<byte> mac)
    {
        Span<byte> buffer = stackalloc byte[MaxMessageLength];
        var w = new FieldWriter(buffer);
        w.Put(PurseFormat.TagProof);
        w.Put(issuer);
        w.Put(card);
        w.PutUInt32(counter);
        w.Put(challenge);
        w.Put(result);
        w.Put(entry);
        _cmac.Compute(key, w.Written, mac);
    }

    /// <summary>S1 of a purchase or a load: the tag followed by the answer's data bytes.</summary>
    public void OverAnswer(ReadOnlySpan<byte> key, byte tag, ReadOnlySpan<byte> answer, Span<byte> mac)
    {
        Span<byte> buffer = stackalloc byte[MaxMessageLength];
        var w = new FieldWriter(buffer);
        w.Put(tag);
        w.Put(answer);
        _cmac.Compute(key, w.Written, mac);
    }

    /// <summary>S2 (tag 22, balance before) and S3 (tag 23, balance after) of a load.</summary>
    public void Load(ReadOnlySpan<byte> key, byte tag, ReadOnlySpan<byte> issuer, ReadOnlySpan<byte> card, uint counter, ushort currency,
        uint amount, uint balance, ReadOnlySpan<byte> date, ReadOnlySpan<byte> loadModuleId, Span<byte> mac)
    {
        Span<byte> buffer = stackalloc byte[MaxMessageLength];
        var w = new FieldWriter(buffer);
        w.Put(tag);
        w.Put(issuer);
        w.Put(card);
        w.PutUInt32(counter);
        w.PutUInt16(currency);
        w.PutUInt32(amount);
        w.PutUInt32(balance);
        w.Put(date);
        w.Put(loadModuleId);
        _cmac.Compute(key, w.Written, mac);
    }

    /// <summary>The UPDATE PARAMETERS MAC: tag, issuer, card, current counter, new expiry, new maximum balance.</summary>
    public void Update(ReadOnlySpan<byte> key, ReadOnlySpan<byte> issuer, ReadOnlySpan<byte> card, uint counter,
        ReadOnlySpan<byte> newExpiry, uint newMaximum, Span<byte> mac)
    {
        Span<byte> buffer = stackalloc byte[MaxMessageLength];
        var w = new FieldWriter(buffer);
        w.Put(PurseFormat.TagUpdate);
        w.Put(issuer);
        w.Put(card);
        w.PutUInt32(counter);
        w.Put(newExpiry);
        w.PutUInt32(newMaximum);
        _cmac.Compute(key, w.Written, mac);
    }

    /// <summary>Constant-time comparison of a received signature with the expected one.</summary>
    public static bool Matches(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> received) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(expected, received);
}
