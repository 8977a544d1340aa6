using System.Buffers.Binary;
using System.Security.Cryptography;
using CardOS.Apdu;
using CardOS.Applets.SecurityCard;
using CardOS.Runtime;

namespace CardOS.Applets.BankHierarchy;

/// <content>Money creation and key rollover at the center, the security lock, and the bad-card list.</content>
public sealed partial class BankCardApplet
{
    /// <summary>CREATE MONEY: amount (3) ‖ MAC (8) under the creation key, over challenge ‖ account ‖ amount.</summary>
    private void CreateMoney(ApduContext apdu)
    {
        apdu.RequireP1P2(0, 0);
        ReadOnlySpan<byte> data = apdu.Data;
        if (data.Length != 3 + BankCrypto.MacSize)
            throw new IsoException(StatusWord.WrongLength);
        RequireUsable();
        RequireRole(Role == BankRole.Center);
        Span<byte> input = stackalloc byte[8 + 8 + 3];
        TakeChallenge(input[..8]);
        uint amount = BankBalance.ReadUInt24(data);
        if (amount == 0)
            throw new IsoException(StatusWord.WrongData);

        _files.Account.Content.CopyTo(input[8..]);
        data[..3].CopyTo(input[16..]);
        ushort before = CountBadKey();
        if (!BankCrypto.VerifyMac16(Profile, _files.CreationKey!.Content, input, data.Slice(3, BankCrypto.MacSize)))
            throw new IsoException(BankStatusWords.BadPacket);
        uint balance = ReadOwnBalance();
        RefuseAfterGoodPacket(before, balance + amount > BankBalance.MaxAmount, BankStatusWords.BalanceLimitExceeded);

        Context.BeginTransaction();
        WriteBalance(balance + amount);
        AppendPassbook(default, default, input[..8], PassbookEntryType.Created, amount, balance + amount);
        AdvanceSeed();
        _files.BadKey.UpdateUInt16(0, before);
        Context.CommitTransaction();
    }

    /// <summary>ROLL KEYS: a new random key replaces the oldest; KEY_INFO date and INTEREST are set.</summary>
    private void RollKeys(ApduContext apdu)
    {
        apdu.RequireP1P2(0, 0);
        ReadOnlySpan<byte> data = apdu.Data;
        if (data.Length != 8)
            throw new IsoException(StatusWord.WrongLength);
        RequireUsable();
        RequireRole(Role == BankRole.Center);
        if (!HolderKeyVerified)
            throw new IsoException(StatusWord.SecurityStatusNotSatisfied);
        BankDate.TryRead(_files.KeyInfo.Read(1, 4), out BankDate current);
        uint rate = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        if (!BankDate.TryRead(data, out BankDate date) || date.DayNumber < current.DayNumber || rate > BankBalance.MaxRate)
            throw new IsoException(StatusWord.WrongData);

        Span<byte> key = stackalloc byte[16];
        key = key[..Crypto.KeySize];
        do
        {
            DrawRandom(key[..8]);
            if (key.Length == 16)
                DrawRandom(key[8..]);
        }
#pragma warning disable CA5351 // The DES profile is the patent's; this only screens new keys for weak ones.
        while (Profile == CryptoProfile.Des && (DES.IsWeakKey(key.ToArray()) || DES.IsSemiWeakKey(key.ToArray())));
#pragma warning restore CA5351

        Context.BeginTransaction();
        ShiftInKey(key);
        _files.KeyInfo.Update(1, data[..4]);
        _files.Interest!.UpdateUInt32(0, rate);
        AdvanceSeed();
        Context.CommitTransaction();
        CryptographicOperations.ZeroMemory(key);
        apdu.Response[0] = KeyNumber;
        apdu.Send(1);
    }

    /// <summary>
    /// SET SECURITY LOCK: P1 01 closes, 00 opens (and clears BAD_KEY). The cryptogram is the security key card's
    /// (docs/applets/security-card.md): HMAC-SHA256(lock key, "LOCK" or "OPEN" ‖ 16-byte challenge ‖ account number).
    /// </summary>
    private void SetSecurityLock(ApduContext apdu)
    {
        if (apdu.P1 > 1 || apdu.P2 != 0)
            throw new IsoException(StatusWord.IncorrectP1P2);
        ReadOnlySpan<byte> data = apdu.Data;
        if (data.Length != SecurityCardMacs.KeyLength)
            throw new IsoException(StatusWord.WrongLength);
        RequireActive();
        Span<byte> challenge = stackalloc byte[SecurityCardMacs.ChallengeLength];
        if (TakeChallenge(challenge) != SecurityCardMacs.ChallengeLength)
            throw new IsoException(StatusWord.ConditionsOfUseNotSatisfied);
        bool close = apdu.P1 == 1;
        ushort before = CountBadKey();
        Span<byte> expected = stackalloc byte[SecurityCardMacs.KeyLength];
        SecurityCardMacs.ComputeLockCryptogram(_files.LockKeys.Read(close ? 0 : 32, 32), close ? LockOperation.Close : LockOperation.Open, challenge, BinaryPrimitives.ReadUInt64BigEndian(_files.Account.Content), expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, data))
            throw new IsoException(BankStatusWords.BadPacket);

        Context.BeginTransaction();
        _files.CardInfo.Update(CardInfoLayout.Lock, [close ? (byte)1 : (byte)0]);
        _files.BadKey.UpdateUInt16(0, close ? before : (ushort)0);
        Context.CommitTransaction();
    }

    /// <summary>MANAGE BAD CARD: P1 01 adds, 02 removes an entry (last 8 digits of an account, packed BCD).</summary>
    private void ManageBadCard(ApduContext apdu)
    {
        if (apdu.P1 is not (1 or 2) || apdu.P2 != 0)
            throw new IsoException(StatusWord.IncorrectP1P2);
        ReadOnlySpan<byte> data = apdu.Data;
        if (data.Length != BadCardLayout.EntrySize)
            throw new IsoException(StatusWord.WrongLength);
        RequireUsable();
        RequireRole(BankRoles.IsBank(Role));
        if (!HolderKeyVerified)
            throw new IsoException(StatusWord.SecurityStatusNotSatisfied);
        uint entry = BinaryPrimitives.ReadUInt32BigEndian(data);
        if (!AccountNumber.IsBcd(0x9999999900000000 | entry))
            throw new IsoException(StatusWord.WrongData);

        int found = FindBadCard(entry);
        if (apdu.P1 == 1)
        {
            if (found >= 0)
                return;
            int free = FindBadCard(BadCardLayout.Free);
            if (free < 0)
                throw new IsoException(StatusWord.NotEnoughMemory);
            _files.BadCard!.Update(free * BadCardLayout.EntrySize, data);
            return;
        }

        if (found < 0)
            throw new IsoException(StatusWord.ReferencedDataNotFound);
        _files.BadCard!.Update(found * BadCardLayout.EntrySize, [0xFF, 0xFF, 0xFF, 0xFF]);
    }
}
