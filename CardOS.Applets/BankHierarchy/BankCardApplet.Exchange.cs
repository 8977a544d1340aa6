using System.Buffers.Binary;
using System.Runtime.InteropServices;
using CardOS.Apdu;
using CardOS.Runtime;

namespace CardOS.Applets.BankHierarchy;

/// <content>The card-to-card exchange (P1-P4) and the interest and key update (P1, P2, P5, P6).</content>
public sealed partial class BankCardApplet
{
    private const byte DebitCode = 0x44;
    private const byte CreditCode = 0x43;
    private const byte InterestCode = 0x49;
    private const byte InvalidateCode = 0x58;
    private const byte NewKeyFlag = 0x01;

    /// <summary>BEGIN EXCHANGE: starts a session as payee (01), payer (02), interest receiver (03) or giver (04).</summary>
    private void BeginExchange(ApduContext apdu)
    {
        byte mode = apdu.P1;
        if (mode is < BankInstructions.ReceivePayment or > BankInstructions.GiveInterest || apdu.P2 != 0)
            throw new IsoException(StatusWord.IncorrectP1P2);
        int expected = mode switch
        {
            BankInstructions.ReceivePayment => 3,
            BankInstructions.Pay => 4,
            BankInstructions.ReceiveInterest => 0,
            _ => 1,
        };
        ReadOnlySpan<byte> data = apdu.Data;
        if (data.Length != expected)
            throw new IsoException(StatusWord.WrongLength);
        RequireUsable();
        BankRole role = Role;
        RequireRole(mode switch
        {
            BankInstructions.ReceivePayment or BankInstructions.Pay => BankRoles.CanPay(role),
            BankInstructions.ReceiveInterest => BankRoles.CanReceiveInterest(role),
            _ => BankRoles.IsBank(role),
        });

        Span<byte> session = _session.Span;
        session.Clear();
        bool payment = mode is BankInstructions.ReceivePayment or BankInstructions.Pay;
        uint amount = payment ? BankBalance.ReadUInt24(data) : 0;
        if (payment && amount == 0)
            throw new IsoException(StatusWord.WrongData);
        if (mode == BankInstructions.Pay)
        {
            if (amount > _files.MinTrans.ReadUInt24(0) && !PinVerified)
                throw new IsoException(StatusWord.SecurityStatusNotSatisfied);
            if (amount > _files.MaxTrans.ReadUInt32(0) && !HolderKeyVerified)
                throw new IsoException(StatusWord.SecurityStatusNotSatisfied);
        }
        else if (!payment && !PinVerified)
        {
            throw new IsoException(StatusWord.SecurityStatusNotSatisfied);
        }

        uint balance = ReadOwnBalance();
        if (mode == BankInstructions.Pay && balance < amount)
            throw new IsoException(BankStatusWords.InsufficientBalance);
        if (mode == BankInstructions.ReceivePayment && balance + amount > BankBalance.MaxAmount)
            throw new IsoException(BankStatusWords.BalanceLimitExceeded);

        BankBalance.WriteUInt24(session[SessionAmount..], amount);
        if (mode is BankInstructions.ReceivePayment or BankInstructions.ReceiveInterest)
        {
            session[SessionState] = mode == BankInstructions.ReceivePayment ? ExchangePayeeBegun : ExchangeReceiverBegun;
            apdu.Response[0] = KeyNumber;
            apdu.Send(1);
            return;
        }

        // Two of four: both cards hold max(a, n) .. min(a, n) + 3; AK0 is the newest shared pair's first key.
        byte own = KeyNumber;
        byte peer = data[^1];
        int distance = (sbyte)(byte)(own - peer);
        if (distance is > 2 or < -2)
        {
            CountBadKey();
            throw new IsoException(BankStatusWords.NoCommonKeys);
        }

        byte ak0 = (byte)((distance >= 0 ? peer : own) + 2);
        int index = (byte)(ak0 - own);
        session[SessionAk0Index] = (byte)index;
        session[SessionPeerKeyNumber] = peer;
        DrawRandom(session.Slice(SessionOwnRandom, 8));

        // P1: R1, application number ‖ role, own name, own account (under AK0).
        Span<byte> groups = stackalloc byte[32];
        BuildGroups(groups, session.Slice(SessionOwnRandom, 8), PublicName);
        Span<byte> response = apdu.Response;
        response[0] = ak0;
        int length = BankCrypto.PacketLength(Profile, 1);
        Crypto.Seal(AppKey(index), 1, groups, response.Slice(1, length));
        session[SessionState] = mode == BankInstructions.Pay ? ExchangePayerSentP1 : ExchangeGiverSentP1;
        apdu.Send(1 + length);
    }

    /// <summary>EXCHANGE STEP 1 (receiving card): checks P1, answers P2 ‖ P3 (payment) or P2 ‖ P5 (interest).</summary>
    private void ExchangeStep1(ApduContext apdu)
    {
        apdu.RequireP1P2(0, 0);
        ReadOnlySpan<byte> data = apdu.Data;
        if (data.Length != 1 + BankCrypto.PacketLength(ProfileOrDes, 1))
            throw new IsoException(StatusWord.WrongLength);
        RequireUsable();
        Span<byte> session = _session.Span;
        byte state = session[SessionState];
        session[SessionState] = ExchangeNone;
        if (state is not (ExchangePayeeBegun or ExchangeReceiverBegun))
            throw new IsoException(StatusWord.ConditionsOfUseNotSatisfied);
        bool payment = state == ExchangePayeeBegun;

        int index = (byte)(data[0] - KeyNumber);
        if (index > 2)
        {
            CountBadKey();
            throw new IsoException(BankStatusWords.NoCommonKeys);
        }

        ushort before = CountBadKey();
        Span<byte> groups = stackalloc byte[32];
        if (!Crypto.TryOpen(AppKey(index), 1, data[1..], groups) || !IsValidIdentityPacket(groups, out BankRole peerRole))
            throw new IsoException(BankStatusWords.BadPacket);
        bool allowed = payment ? BankRoles.MayPay(peerRole, Role) : BankRoles.MayGiveInterest(peerRole, Role);
        _files.BadKey.UpdateUInt16(0, before);
        if (!allowed)
            throw new IsoException(BankStatusWords.RolesMayNotTransact);

        session[SessionAk0Index] = (byte)index;
        session[SessionPeerRole] = (byte)peerRole;
        groups[..8].CopyTo(session[SessionPeerRandom..]);
        groups.Slice(16, 8).CopyTo(session[SessionPeerName..]);
        groups.Slice(24, 8).CopyTo(session[SessionPeerAccount..]);
        DrawRandom(session.Slice(SessionOwnRandom, 8));

        // P2: R1 echoed, application number ‖ role, own name, own account (under AK0).
        Span<byte> response = apdu.Response;
        BuildGroups(groups, session.Slice(SessionPeerRandom, 8), PublicName);
        int p2Length = BankCrypto.PacketLength(Profile, 2);
        Crypto.Seal(AppKey(index), 2, groups, response[..p2Length]);

        int number = payment ? 3 : 5;
        Span<byte> challenge = stackalloc byte[48];
        challenge = challenge[..(BankCrypto.GroupCount(Profile, number) * 8)];
        session.Slice(SessionOwnRandom, 8).CopyTo(challenge);
        WriteApplicationField(challenge[8..]);
        if (payment)
        {
            // P3: R2, application number ‖ role, debit field, own account (under AK1).
            WriteAmountField(challenge[16..], DebitCode, BankBalance.ReadUInt24(session[SessionAmount..]));
            _files.Account.Content.CopyTo(challenge[24..]);
        }
        else
        {
            // P5: R2, application number ‖ role, BALANCE (24), own account (under AK1).
            _files.Balance.Content.CopyTo(challenge[16..]);
            _files.Account.Content.CopyTo(challenge[40..]);
        }

        int challengeLength = BankCrypto.PacketLength(Profile, number);
        Crypto.Seal(AppKey(index + 1), number, challenge, response.Slice(p2Length, challengeLength));
        session[SessionState] = payment ? ExchangePayeeSentP3 : ExchangeReceiverSentP5;
        apdu.Send(p2Length + challengeLength);
    }

    /// <summary>EXCHANGE STEP 2 (paying card): checks P2 and P3 or P5, debits and commits, answers P4 or P6.</summary>
    private void ExchangeStep2(ApduContext apdu)
    {
        apdu.RequireP1P2(0, 0);
        ReadOnlySpan<byte> data = apdu.Data;
        CryptoProfile profile = ProfileOrDes;
        int p2Length = BankCrypto.PacketLength(profile, 2);
        bool payment = EnterStep(data, p2Length + BankCrypto.PacketLength(profile, 3), p2Length + BankCrypto.PacketLength(profile, 5), ExchangePayerSentP1, ExchangeGiverSentP1);
        Span<byte> session = _session.Span;
        int index = session[SessionAk0Index];
        ushort before = CountBadKey();

        // P2 answers our challenge: R1 echoed, a printable name that is not ours (it was re-encrypted by the other card).
        Span<byte> identity = stackalloc byte[32];
        if (!Crypto.TryOpen(AppKey(index), 2, data[..p2Length], identity)
            || !IsValidIdentityPacket(identity, out BankRole peerRole)
            || !identity[..8].SequenceEqual(session.Slice(SessionOwnRandom, 8))
            || identity.Slice(16, 8).SequenceEqual(PublicName))
        {
            throw new IsoException(BankStatusWords.BadPacket);
        }

        identity[..8].CopyTo(session[SessionPeerRandom..]);
        if (payment)
            Pay(apdu, data[p2Length..], identity, peerRole, index, before);
        else
            GiveInterest(apdu, data[p2Length..], identity, peerRole, index, before);
    }

    private void Pay(ApduContext apdu, ReadOnlySpan<byte> p3, ReadOnlySpan<byte> identity, BankRole peerRole, int index, ushort before)
    {
        Span<byte> session = _session.Span;
        uint amount = BankBalance.ReadUInt24(session[SessionAmount..]);
        Span<byte> challenge = stackalloc byte[32];
        if (!Crypto.TryOpen(AppKey(index + 1), 3, p3, challenge)
            || !IsApplicationField(challenge[8..], peerRole)
            || !IsAmountField(challenge[16..], DebitCode, amount)
            || !challenge.Slice(24, 8).SequenceEqual(identity.Slice(24, 8)))
        {
            throw new IsoException(BankStatusWords.BadPacket);
        }

        RefuseAfterGoodPacket(before, !BankRoles.MayPay(Role, peerRole), BankStatusWords.RolesMayNotTransact);
        RefuseAfterGoodPacket(before, challenge[17] != Currency, BankStatusWords.CurrencyMismatch);
        uint balance = ReadOwnBalance();
        RefuseAfterGoodPacket(before, balance < amount, BankStatusWords.InsufficientBalance);

        Span<byte> sessionId = stackalloc byte[8];
        SessionId(session.Slice(SessionOwnRandom, 8), challenge[..8], sessionId);

        // The payer commits first (seed 003): the debit and its PASSBOOK record are permanent before P4 exists.
        Context.BeginTransaction();
        WriteBalance(balance - amount);
        AppendPassbook(identity.Slice(24, 8), identity.Slice(16, 8), sessionId, PassbookEntryType.Paid, amount, balance - amount);
        AdvanceSeed();
        _files.BadKey.UpdateUInt16(0, before);
        Context.CommitTransaction();

        // P4: R2 echoed, application number ‖ role, credit field, own account (under AK1).
        Span<byte> groups = stackalloc byte[32];
        challenge[..8].CopyTo(groups);
        WriteApplicationField(groups[8..]);
        WriteAmountField(groups[16..], CreditCode, amount);
        _files.Account.Content.CopyTo(groups[24..]);
        int length = BankCrypto.PacketLength(Profile, 4);
        Crypto.Seal(AppKey(index + 1), 4, groups, apdu.Response[..length]);
        apdu.Send(length);
    }

    private void GiveInterest(ApduContext apdu, ReadOnlySpan<byte> p5, ReadOnlySpan<byte> identity, BankRole peerRole, int index, ushort before)
    {
        Span<byte> session = _session.Span;
        Span<byte> challenge = stackalloc byte[48];
        if (!Crypto.TryOpen(AppKey(index + 1), 5, p5, challenge)
            || !IsApplicationField(challenge[8..], peerRole)
            || !BankBalance.TryDecodeAmount(challenge[16..], out uint userBalance)
            || !BankDate.TryRead(challenge[(16 + BankBalance.DateOffset)..], out BankDate userDate)
            || !ChecksumMatches(challenge.Slice(16, BankBalance.Size))
            || !challenge.Slice(40, 8).SequenceEqual(identity.Slice(24, 8)))
        {
            throw new IsoException(BankStatusWords.BadPacket);
        }

        RefuseAfterGoodPacket(before, !BankRoles.MayGiveInterest(Role, peerRole), BankStatusWords.RolesMayNotTransact);
        RefuseAfterGoodPacket(before, challenge[16 + BankBalance.CurrencyOffset] != Currency, BankStatusWords.CurrencyMismatch);
        var account = new AccountNumber(BinaryPrimitives.ReadUInt64BigEndian(identity[24..]));
        RefuseAfterGoodPacket(before, !IsServed(account), BankStatusWords.AccountNotServed);

        bool invalidate = IsBadCard(account);
        uint interest = 0;
        if (!invalidate)
        {
            BankDate.TryRead(_files.KeyInfo.Read(1, 4), out BankDate today);
            int days = Math.Max(0, today.DayNumber - userDate.DayNumber);
            uint userRate = BankBalance.ReadUInt24(challenge[(16 + BankBalance.RateOffset)..]);
            UInt128 owed = (UInt128)userBalance * userRate * (uint)days / 1_000_000_000;
            interest = (uint)UInt128.Min(owed, BankBalance.MaxAmount - userBalance);
        }

        uint balance = ReadOwnBalance();
        RefuseAfterGoodPacket(before, balance < interest, BankStatusWords.InsufficientBalance);

        // A user whose newest key is older than ours gets the next key it lacks (user APPKEY0 number + 4).
        int ahead = (sbyte)(byte)(KeyNumber - session[SessionPeerKeyNumber]);
        int keyIndex = ahead > 0 ? 4 - ahead : -1;

        Span<byte> sessionId = stackalloc byte[8];
        SessionId(session.Slice(SessionOwnRandom, 8), challenge[..8], sessionId);
        Context.BeginTransaction();
        if (!invalidate)
            WriteBalance(balance - interest);
        AppendPassbook(identity.Slice(24, 8), identity.Slice(16, 8), sessionId, invalidate ? PassbookEntryType.Invalidated : PassbookEntryType.InterestPaid, interest, balance - interest);
        AdvanceSeed();
        _files.BadKey.UpdateUInt16(0, 0);
        Context.CommitTransaction();

        // P6: R2 echoed, application number ‖ role, interest field, date ‖ rate ‖ flags, new key, own account (under AK1).
        int groupCount = BankCrypto.GroupCount(Profile, 6);
        Span<byte> groups = stackalloc byte[64];
        groups = groups[..(groupCount * 8)];
        groups.Clear();
        challenge[..8].CopyTo(groups);
        WriteApplicationField(groups[8..]);
        WriteAmountField(groups[16..], invalidate ? InvalidateCode : InterestCode, interest);
        _files.KeyInfo.Read(1, 4).CopyTo(groups[24..]);
        BankBalance.WriteUInt24(groups[28..], _files.Interest!.ReadUInt32(0));
        if (keyIndex >= 0 && !invalidate)
        {
            groups[31] = NewKeyFlag;
            AppKey(keyIndex).CopyTo(groups[32..]);
        }

        _files.Account.Content.CopyTo(groups[(32 + Crypto.KeySize)..]);
        int length = BankCrypto.PacketLength(Profile, 6);
        Crypto.Seal(AppKey(index + 1), 6, groups, apdu.Response[..length]);
        apdu.Send(length);
    }

    /// <summary>EXCHANGE STEP 3 (receiving card): checks P4 or P6 and credits.</summary>
    private void ExchangeStep3(ApduContext apdu)
    {
        apdu.RequireP1P2(0, 0);
        ReadOnlySpan<byte> data = apdu.Data;
        CryptoProfile profile = ProfileOrDes;
        bool payment = EnterStep(data, BankCrypto.PacketLength(profile, 4), BankCrypto.PacketLength(profile, 6), ExchangePayeeSentP3, ExchangeReceiverSentP5);
        Span<byte> session = _session.Span;
        int index = session[SessionAk0Index];
        var peerRole = (BankRole)session[SessionPeerRole];
        ushort before = CountBadKey();
        if (payment)
            ReceivePayment(data, peerRole, index, before);
        else
            ReceiveInterest(data, peerRole, index, before);
    }

    private void ReceivePayment(ReadOnlySpan<byte> p4, BankRole peerRole, int index, ushort before)
    {
        Span<byte> session = _session.Span;
        uint amount = BankBalance.ReadUInt24(session[SessionAmount..]);
        Span<byte> groups = stackalloc byte[32];
        if (!Crypto.TryOpen(AppKey(index + 1), 4, p4, groups)
            || !groups[..8].SequenceEqual(session.Slice(SessionOwnRandom, 8))
            || !IsApplicationField(groups[8..], peerRole)
            || !IsAmountField(groups[16..], CreditCode, amount)
            || groups[17] != Currency
            || !groups.Slice(24, 8).SequenceEqual(session.Slice(SessionPeerAccount, 8)))
        {
            throw new IsoException(BankStatusWords.BadPacket);
        }

        uint balance = ReadOwnBalance();
        RefuseAfterGoodPacket(before, balance + amount > BankBalance.MaxAmount, BankStatusWords.BalanceLimitExceeded);
        Span<byte> sessionId = stackalloc byte[8];
        SessionId(session.Slice(SessionOwnRandom, 8), session.Slice(SessionPeerRandom, 8), sessionId);

        Context.BeginTransaction();
        WriteBalance(balance + amount);
        AppendPassbook(session.Slice(SessionPeerAccount, 8), session.Slice(SessionPeerName, 8), sessionId, PassbookEntryType.Received, amount, balance + amount);
        AdvanceSeed();
        _files.BadKey.UpdateUInt16(0, before);
        Context.CommitTransaction();
    }

    private void ReceiveInterest(ReadOnlySpan<byte> p6, BankRole peerRole, int index, ushort before)
    {
        Span<byte> session = _session.Span;
        int keySize = Crypto.KeySize;
        Span<byte> groups = stackalloc byte[64];
        groups = groups[..(BankCrypto.GroupCount(Profile, 6) * 8)];
        int accountOffset = 32 + keySize;
        bool valid = Crypto.TryOpen(AppKey(index + 1), 6, p6, groups)
            && groups[..8].SequenceEqual(session.Slice(SessionOwnRandom, 8))
            && IsApplicationField(groups[8..], peerRole)
            && (IsAmountField(groups[16..], InterestCode, BankBalance.ReadUInt24(groups[18..])) || IsAmountField(groups[16..], InvalidateCode, 0))
            && groups[17] == Currency
            && BankDate.TryRead(groups[24..], out BankDate date)
            && groups[31] is 0 or NewKeyFlag
            && (groups[31] == NewKeyFlag || groups.Slice(32, keySize).IndexOfAnyExcept((byte)0) < 0)
            && groups.Slice(accountOffset, 8).SequenceEqual(session.Slice(SessionPeerAccount, 8))
            && groups[(accountOffset + 8)..].IndexOfAnyExcept((byte)0) < 0;
        if (!valid)
            throw new IsoException(BankStatusWords.BadPacket);

        if (groups[16] == InvalidateCode)
        {
            Context.BeginTransaction();
            _files.CardInfo.Update(CardInfoLayout.LifeState, [(byte)BankLifeState.Invalidated]);
            _files.BadKey.UpdateUInt16(0, before);
            Context.CommitTransaction();
            throw new IsoException(BankStatusWords.CardInvalidated);
        }

        uint amount = BankBalance.ReadUInt24(groups[18..]);
        uint balance = ReadOwnBalance();
        if (balance + amount > BankBalance.MaxAmount)
            throw new IsoException(BankStatusWords.BadPacket);
        uint rate = BankBalance.ReadUInt24(groups[28..]);

        // Dates only move forward: an older bank date never re-opens a period already paid.
        BankDate.TryRead(groups[24..], out BankDate paidTo);
        BankDate.TryRead(_files.Balance.Read(BankBalance.DateOffset, 4), out BankDate lastInterest);
        BankDate.TryRead(_files.KeyInfo.Read(1, 4), out BankDate keyDate);
        Span<byte> balanceDate = stackalloc byte[4];
        Span<byte> newKeyDate = stackalloc byte[4];
        (paidTo.DayNumber > lastInterest.DayNumber ? paidTo : lastInterest).WriteTo(balanceDate);
        (paidTo.DayNumber > keyDate.DayNumber ? paidTo : keyDate).WriteTo(newKeyDate);

        Span<byte> sessionId = stackalloc byte[8];
        SessionId(session.Slice(SessionOwnRandom, 8), session.Slice(SessionPeerRandom, 8), sessionId);
        Context.BeginTransaction();
        WriteBalance(balance + amount, balanceDate, rate);
        if (groups[31] == NewKeyFlag)
            ShiftInKey(groups.Slice(32, keySize));
        _files.KeyInfo.Update(1, newKeyDate);
        _files.Interest?.UpdateUInt32(0, rate);
        AppendPassbook(session.Slice(SessionPeerAccount, 8), session.Slice(SessionPeerName, 8), sessionId, PassbookEntryType.InterestReceived, amount, balance + amount);
        AdvanceSeed();
        _files.BadKey.UpdateUInt16(0, 0);
        Context.CommitTransaction();
    }

    /// <summary>The profile for length checks: DES on a blank card (which then answers 6985).</summary>
    private CryptoProfile ProfileOrDes => Profile == CryptoProfile.Aes ? CryptoProfile.Aes : CryptoProfile.Des;

    /// <summary>Puts BAD_KEY back and answers <paramref name="statusWord"/> when <paramref name="refuse"/>: the packet was genuine.</summary>
    private void RefuseAfterGoodPacket(ushort before, bool refuse, StatusWord statusWord)
    {
        if (!refuse)
            return;
        _files.BadKey.UpdateUInt16(0, before);
        throw new IsoException(statusWord);
    }

    /// <summary>P1 and P2's shape: application number, a known role, a printable name, a BCD account.</summary>
    private bool IsValidIdentityPacket(ReadOnlySpan<byte> groups, out BankRole role)
    {
        role = (BankRole)groups[15];
        return groups.Slice(8, 7).SequenceEqual(ApplicationNumber)
            && Enum.IsDefined(role) && role != BankRole.None
            && PersonalisationRecord.IsPrintableName(groups.Slice(16, 8))
            && AccountNumber.TryRead(groups[24..], out _);
    }

    private bool IsApplicationField(ReadOnlySpan<byte> field, BankRole role) =>
        field[..7].SequenceEqual(ApplicationNumber) && field[7] == (byte)role;

    private static bool IsAmountField(ReadOnlySpan<byte> field, byte code, uint amount) =>
        field[0] == code && BankBalance.ReadUInt24(field[2..]) == amount && field.Slice(5, 3).IndexOfAnyExcept((byte)0) < 0;

    private void WriteApplicationField(Span<byte> field)
    {
        ApplicationNumber.CopyTo(field);
        field[7] = (byte)Role;
    }

    private void WriteAmountField(Span<byte> field, byte code, uint amount)
    {
        field[..8].Clear();
        field[0] = code;
        field[1] = Currency;
        BankBalance.WriteUInt24(field[2..], amount);
    }

    /// <summary>Four groups: random, application number ‖ role, third field, own account.</summary>
    private void BuildGroups(Span<byte> groups, ReadOnlySpan<byte> random, ReadOnlySpan<byte> third)
    {
        random.CopyTo(groups);
        WriteApplicationField(groups[8..]);
        third.CopyTo(groups[16..]);
        _files.Account.Content.CopyTo(groups[24..]);
    }

    private static void SessionId(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> id)
    {
        for (int i = 0; i < 8; i++)
            id[i] = (byte)(a[i] ^ b[i]);
    }

    private bool IsServed(AccountNumber account)
    {
        ReadOnlySpan<byte> range = _files.ValidAccount!.Content;
        return AccountNumber.TryReadAscii(range[..16], out AccountNumber low)
            && AccountNumber.TryReadAscii(range[16..], out AccountNumber high)
            && account.Bcd >= low.Bcd && account.Bcd <= high.Bcd;
    }

    private bool IsBadCard(AccountNumber account) => FindBadCard(account.LastEightDigits) >= 0;

    /// <summary>
    /// The common entry of EXCHANGE STEP 2 and 3: the data has the length of the payment or the interest packets
    /// (6700), the card is usable, and the session was waiting for this step (6985). The session's state is consumed
    /// whatever happens next; the length must then match the flow the session is in (6700).
    /// </summary>
    /// <returns>True in a payment, false in an interest transaction.</returns>
    private bool EnterStep(ReadOnlySpan<byte> data, int paymentLength, int interestLength, byte paymentState, byte interestState)
    {
        if (data.Length != paymentLength && data.Length != interestLength)
            throw new IsoException(StatusWord.WrongLength);
        RequireUsable();
        Span<byte> session = _session.Span;
        byte state = session[SessionState];
        session[SessionState] = ExchangeNone;
        if (state != paymentState && state != interestState)
            throw new IsoException(StatusWord.ConditionsOfUseNotSatisfied);
        bool payment = state == paymentState;
        if (data.Length != (payment ? paymentLength : interestLength))
            throw new IsoException(StatusWord.WrongLength);
        return payment;
    }

    private int FindBadCard(uint entry)
    {
        // Every interest transaction searches the 1,200 big-endian entries: one vectorised search over them as words.
        ReadOnlySpan<uint> list = MemoryMarshal.Cast<byte, uint>(_files.BadCard!.Content[..BadCardLayout.Size]);
        return list.IndexOf(BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(entry) : entry);
    }
}
