using CardOS.Apdu;
using CardOS.Applets.SecurityCard;
using CardOS.Runtime;

namespace CardOS.Applets.BankHierarchy;

/// <content>Issuing (admin card) and personalisation (blank card).</content>
public sealed partial class BankCardApplet
{
    /// <summary>ISSUE CARD: assigns the next account number and answers it with the wrapped personalisation record.</summary>
    private void IssueCard(ApduContext apdu)
    {
        apdu.RequireP1P2(0, 0);
        ReadOnlySpan<byte> data = apdu.Data;
        if (data.IsEmpty)
            throw new IsoException(StatusWord.WrongLength);
        if (IssueRequest.GetLength((BankRole)data[0]) == 0)
            throw new IsoException(StatusWord.WrongData);
        if (data.Length != IssueRequest.GetLength((BankRole)data[0]))
            throw new IsoException(StatusWord.WrongLength);
        RequireUsable();
        RequireRole(Role == BankRole.Admin);
        if (!PinVerified)
            throw new IsoException(StatusWord.SecurityStatusNotSatisfied);
        if (!IssueRequest.TryDecode(data, out IssueRequest? request))
            throw new IsoException(StatusWord.WrongData);

        BankFile range = _files.IssueRange!;
        AccountNumber.TryRead(range.Content, out AccountNumber next);
        AccountNumber.TryRead(range.Read(8, 8), out AccountNumber last);
        if (next.Bcd > last.Bcd || !next.TryIncrement(out AccountNumber following))
            throw new IsoException(StatusWord.NotEnoughMemory);

        var keys = new byte[4][];
        for (int i = 0; i < 4; i++)
            keys[i] = AppKey(i).ToArray();
        byte[] seed = new byte[8];
        DrawRandom(seed);
        BankDate.TryRead(_files.KeyInfo.Read(1, 4), out BankDate keyDate);
        var record = new PersonalisationRecord
        {
            Role = request!.Role,
            Profile = Profile,
            Currency = request.Currency,
            BadKeyLimit = request.BadKeyLimit,
            Account = next,
            PublicName = request.PublicName,
            ApplicationNumber = ApplicationNumber.ToArray(),
            MinTrans = request.MinTrans,
            MaxTrans = request.MaxTrans,
            Pin = request.Pin,
            HolderKey = request.HolderKey,
            KeyNumber = KeyNumber,
            KeyDate = keyDate,
            RandomSeed = seed,
            LockCloseKey = SecurityCardMacs.DeriveLockKey(_files.LockMasterKeys!.Read(0, 32), LockOperation.Close, next.Bcd),
            LockOpenKey = SecurityCardMacs.DeriveLockKey(_files.LockMasterKeys.Read(32, 32), LockOperation.Open, next.Bcd),
            AppKeys = keys,
            CheckKey = _files.CheckKey.Content.ToArray(),
            ValidLow = request.ValidLow,
            ValidHigh = request.ValidHigh,
            Interest = request.Interest,
            CreationKey = request.CreationKey,
        };
        byte[] plain = record.Encode();

        // The number is spent before the record leaves the card: no account number is ever issued twice.
        Span<byte> nextBytes = stackalloc byte[8];
        following.WriteTo(nextBytes);
        range.Update(0, nextBytes);

        Span<byte> response = apdu.Response;
        next.WriteTo(response);
        PersonalisationWrap.Wrap(plain, _files.TransportKey.Content, request.Challenge, response.Slice(8, plain.Length + PersonalisationWrap.TagSize));
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(plain);
        apdu.Send(8 + plain.Length + PersonalisationWrap.TagSize);
    }

    /// <summary>PERSONALISE: unwraps the record under the transport key and the pending challenge, creates and writes every file.</summary>
    private void Personalise(ApduContext apdu)
    {
        apdu.RequireP1P2(0, 0);
        if (LifeState != BankLifeState.Blank)
            throw new IsoException(StatusWord.ConditionsOfUseNotSatisfied);
        Span<byte> challenge = stackalloc byte[8];
        TakeChallenge(challenge);
        ReadOnlySpan<byte> data = apdu.Data;
        int recordLength = data.Length - PersonalisationWrap.TagSize;
        if (!IsRecordLength(recordLength))
            throw new IsoException(StatusWord.WrongLength);

        byte[] plain = new byte[recordLength];
        if (!PersonalisationWrap.TryUnwrap(data, _files.TransportKey.Content, challenge, plain))
            throw new IsoException(StatusWord.IncorrectSecureMessagingData);
        if (!PersonalisationRecord.TryDecode(plain, out PersonalisationRecord? decoded))
            throw new IsoException(StatusWord.WrongData);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(plain);
        PersonalisationRecord record = decoded!;

        // Files are created outside the transaction; their contents and the card's activation are one transaction.
        _files.Bind(record.Role, record.Profile, BankFiles.PassbookCondition);
        BankCrypto crypto = CryptoFor(record.Profile);

        Span<byte> account = stackalloc byte[8];
        record.Account.WriteTo(account);
        Span<byte> balance = stackalloc byte[BankBalance.Size];
        balance.Clear();
        BankBalance.EncodeAmount(0, balance);
        balance[BankBalance.CurrencyOffset] = record.Currency;
        record.KeyDate.WriteTo(balance[BankBalance.DateOffset..]);
        BankBalance.WriteUInt24(balance[BankBalance.RateOffset..], record.Rate);
        crypto.ComputeSerial(record.CheckKey, account, balance[BankBalance.SerialOffset..]);
        crypto.ComputeChecksum(record.CheckKey, balance, balance[BankBalance.ChecksumOffset..]);

        Span<byte> info = stackalloc byte[BankFiles.CardInfoSize];
        info.Clear();
        info[CardInfoLayout.Role] = (byte)record.Role;
        info[CardInfoLayout.Profile] = (byte)record.Profile;
        info[CardInfoLayout.LifeState] = (byte)BankLifeState.Active;
        info[CardInfoLayout.BadKeyLimit] = record.BadKeyLimit;
        info[CardInfoLayout.Currency] = record.Currency;
        record.ApplicationNumber.CopyTo(info[CardInfoLayout.ApplicationNumber..]);
        record.PublicName.CopyTo(info[CardInfoLayout.PublicName..]);

        Span<byte> keyInfo = stackalloc byte[5];
        keyInfo[0] = record.KeyNumber;
        record.KeyDate.WriteTo(keyInfo[1..]);

        Context.BeginTransaction();
        _files.Account.Update(0, account);
        _files.Balance.Update(0, balance);
        _files.KeyInfo.Update(0, keyInfo);
        _files.BadKey.UpdateUInt16(0, 0);
        Span<byte> limits = stackalloc byte[4];
        BankBalance.WriteUInt24(limits, record.MinTrans);
        _files.MinTrans.Update(0, limits[..3]);
        _files.MaxTrans.UpdateUInt32(0, record.MaxTrans);
        _files.RandomNumber.Update(0, record.RandomSeed);
        for (int i = 0; i < 4; i++)
            _files.AppKeys[i].Update(0, record.AppKeys[i]);
        _files.CheckKey.Update(0, record.CheckKey);
        _files.LockKeys.Update(0, record.LockCloseKey);
        _files.LockKeys.Update(32, record.LockOpenKey);
        if (BankRoles.IsBank(record.Role))
        {
            Span<byte> range = stackalloc byte[32];
            record.ValidLow.WriteAscii(range);
            record.ValidHigh.WriteAscii(range[16..]);
            _files.ValidAccount!.Update(0, range);
            _files.Interest!.UpdateUInt32(0, record.Interest);
        }

        if (record.Role == BankRole.Center)
            _files.CreationKey!.Update(0, record.CreationKey);
        if (record.Role == BankRole.Admin)
        {
            Span<byte> range = stackalloc byte[16];
            record.IssueNext.WriteTo(range);
            record.IssueLast.WriteTo(range[8..]);
            _files.IssueRange!.Update(0, range);
            _files.LockMasterKeys!.Update(0, record.LockCloseMasterKey);
            _files.LockMasterKeys.Update(32, record.LockOpenMasterKey);
        }

        SetCredentials(record.Pin, record.HolderKey);
        _files.CardInfo.Update(0, info);
        Context.CommitTransaction();
    }

    private static bool IsRecordLength(int length)
    {
        foreach (BankRole role in (ReadOnlySpan<BankRole>)[BankRole.Consumer, BankRole.Branch, BankRole.Center, BankRole.Admin])
        {
            if (length == PersonalisationRecord.GetLength(role, CryptoProfile.Des) || length == PersonalisationRecord.GetLength(role, CryptoProfile.Aes))
                return true;
        }

        return false;
    }
}
