using System.Globalization;
using Microsoft.Data.Sqlite;

namespace CardOS.Applets.SecurityCard;

/// <summary>
/// The bank behind the security cards: account opening, deposit of service providers' payments (WO 98/25220 FIG. 9)
/// and withdrawal with optional CARD-CERT renewal (FIG. 10). The ledger lives in an SQLite database file, so it
/// survives a restart: open a new instance on the same file.
/// </summary>
/// <remarks>
/// Tables: <c>card_accounts</c> (card#, current cert#, C_balance, funding, last seq#), <c>card_certificates</c>
/// (every CARD-CERT issued), <c>providers</c> (S_id, name, balance), <c>payments</c> (one row per deposited
/// PAYMENT-CERT, primary key card# + cert# + ser#, which is what rejects a double deposit) and <c>withdrawals</c>.
/// Each payment and each withdrawal is one database transaction.
/// </remarks>
public sealed class SecurityCardBank : IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS card_accounts (
            card_no TEXT PRIMARY KEY, cert_no INTEGER NOT NULL, c_balance INTEGER NOT NULL,
            funding INTEGER NOT NULL, last_seq INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS card_certificates (
            card_no TEXT NOT NULL, cert_no INTEGER NOT NULL, certificate BLOB NOT NULL, PRIMARY KEY (card_no, cert_no));
        CREATE TABLE IF NOT EXISTS providers (
            provider_id TEXT PRIMARY KEY, name TEXT NOT NULL, balance INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS payments (
            card_no TEXT NOT NULL, cert_no INTEGER NOT NULL, ser_no INTEGER NOT NULL, provider_id TEXT NOT NULL,
            amount INTEGER NOT NULL, payment_cert BLOB NOT NULL, deposited_at TEXT NOT NULL,
            PRIMARY KEY (card_no, cert_no, ser_no));
        CREATE TABLE IF NOT EXISTS withdrawals (
            card_no TEXT NOT NULL, seq_no INTEGER NOT NULL, amount INTEGER NOT NULL, status TEXT NOT NULL,
            PRIMARY KEY (card_no, seq_no));
        """;

    private readonly SqliteConnection _connection;
    private readonly SecurityCardBankKeys _keys;
    private readonly SchnorrGroup _group;
    private readonly TimeProvider _time;
    private readonly SecurityCardIssuer _issuer;

    /// <summary>Opens (creating if needed) the ledger in <paramref name="databasePath"/>.</summary>
    public SecurityCardBank(string databasePath, SecurityCardBankKeys keys, SchnorrGroup group, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(group);
        _keys = keys;
        _group = group;
        _time = time ?? TimeProvider.System;
        _issuer = new SecurityCardIssuer(keys, group, _time);

        // No pooling: disposing the bank closes the file, as a restart would.
        var builder = new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false };
        _connection = new SqliteConnection(builder.ToString());
        _connection.Open();
        Execute(null, Schema);
    }

    /// <summary>The issuer the bank personalises cards with.</summary>
    public SecurityCardIssuer Issuer => _issuer;

    /// <summary>Opens a deposit account for service provider <paramref name="providerId"/> (S_id).</summary>
    public void RegisterProvider(ulong providerId, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Execute(null, "INSERT OR IGNORE INTO providers (provider_id, name, balance) VALUES ($id, $name, 0)", ("$id", Key(providerId)), ("$name", name));
    }

    /// <summary>A provider's deposit account balance; null if it has none.</summary>
    public long? GetProviderBalance(ulong providerId) =>
        Scalar(null, "SELECT balance FROM providers WHERE provider_id = $id", ("$id", Key(providerId))) is long balance ? balance : null;

    /// <summary>The bank's record of card <paramref name="cardNumber"/>; null if it has none.</summary>
    public CardAccount? GetAccount(ulong cardNumber) => ReadAccount(null, cardNumber);

    /// <summary>
    /// Opens a card account and personalises the card (FIG. 4): user part, bank part, CARD-CERT. <paramref name="initialBalance"/>
    /// moves from the user's account (<paramref name="funding"/> before the move) to the card.
    /// </summary>
    /// <returns>The card's CARD-CERT.</returns>
    public CardCertificate IssueCard(SecurityCardDriver card, ulong cardNumber, string pin, uint initialBalance, long funding, ReadOnlyMemory<byte>? userSecret = null)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (funding < initialBalance)
            throw new ArgumentException("The user's account cannot fund the initial balance.", nameof(funding));
        if (GetAccount(cardNumber) is not null)
            throw new InvalidOperationException($"Card {cardNumber:X16} already has an account.");
        card.Select();
        var userPublicKey = SecurityCardIssuer.PersonalizeUserPart(card, pin, userSecret);
        CardCertificate certificate = _issuer.PersonalizeBankPart(card, cardNumber, userPublicKey, initialBalance);

        using SqliteTransaction transaction = _connection.BeginTransaction();
        Execute(
            transaction,
            "INSERT INTO card_accounts (card_no, cert_no, c_balance, funding, last_seq) VALUES ($card, $cert, $balance, $funding, 0)",
            ("$card", Key(cardNumber)), ("$cert", (long)certificate.CertificateNumber), ("$balance", (long)initialBalance), ("$funding", funding - initialBalance));
        StoreCertificate(transaction, certificate);
        transaction.Commit();
        return certificate;
    }

    /// <summary>
    /// Deposits a provider's payments (FIG. 9): each is checked and booked on its own, and the answer says what happened
    /// to each, in order.
    /// </summary>
    public IReadOnlyList<DepositOutcome> Deposit(ulong providerId, IEnumerable<CollectedPayment> payments)
    {
        ArgumentNullException.ThrowIfNull(payments);
        var outcomes = new List<DepositOutcome>();
        foreach (CollectedPayment payment in payments)
            outcomes.Add(DepositOne(providerId, payment));
        return outcomes;
    }

    /// <summary>
    /// Answers a withdrawal request (FIG. 10 steps 880-910): checks it, moves the amount from the user's account to the card
    /// account, and builds the acknowledgement, with a renewed CARD-CERT if <paramref name="renewCertificate"/>.
    /// Acknowledgements the card can no longer accept (a newer request replaced them) are voided and refunded first.
    /// </summary>
    public WithdrawalResult ProcessWithdrawal(WithdrawalRequest request, bool renewCertificate = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        using SqliteTransaction transaction = _connection.BeginTransaction();
        CardAccount? account = ReadAccount(transaction, request.CardNumber);
        if (account is null)
            return new WithdrawalResult(WithdrawalOutcome.UnknownCard);
        if (!request.VerifyMac(_keys.WithdrawalKeyFor(request.CardNumber)))
            return new WithdrawalResult(WithdrawalOutcome.InvalidMac);
        if (request.CertificateNumber != account.CertificateNumber)
            return new WithdrawalResult(WithdrawalOutcome.CertificateMismatch);
        if (request.SequenceNumber <= account.LastSequenceNumber)
            return new WithdrawalResult(WithdrawalOutcome.Replayed);

        string card = Key(request.CardNumber);
        long refund = Scalar(
            transaction,
            "SELECT COALESCE(SUM(amount), 0) FROM withdrawals WHERE card_no = $card AND status = 'acknowledged' AND seq_no > $credited",
            ("$card", card), ("$credited", (long)request.LastCreditedSequenceNumber)) as long? ?? 0;
        long balance = account.Balance - refund;
        long funding = account.Funding + refund;
        if (request.Balance > balance)
            return new WithdrawalResult(WithdrawalOutcome.BalanceMismatch);
        if (request.Amount > funding)
            return new WithdrawalResult(WithdrawalOutcome.InsufficientFunds);

        Execute(
            transaction,
            "UPDATE withdrawals SET status = 'void' WHERE card_no = $card AND status = 'acknowledged' AND seq_no > $credited",
            ("$card", card), ("$credited", (long)request.LastCreditedSequenceNumber));
        CardCertificate? renewed = null;
        uint certificateNumber = account.CertificateNumber;
        if (renewCertificate)
        {
            byte[] current = (byte[])Scalar(
                transaction, "SELECT certificate FROM card_certificates WHERE card_no = $card AND cert_no = $cert", ("$card", card), ("$cert", (long)certificateNumber))!;
            renewed = _issuer.Renew(CardCertificate.Decode(current));
            certificateNumber = renewed.CertificateNumber;
            StoreCertificate(transaction, renewed);
        }

        Execute(
            transaction,
            "UPDATE card_accounts SET c_balance = $balance, funding = $funding, last_seq = $seq, cert_no = $cert WHERE card_no = $card",
            ("$balance", balance + request.Amount), ("$funding", funding - request.Amount), ("$seq", (long)request.SequenceNumber), ("$cert", (long)certificateNumber), ("$card", card));
        Execute(
            transaction,
            "INSERT INTO withdrawals (card_no, seq_no, amount, status) VALUES ($card, $seq, $amount, 'acknowledged')",
            ("$card", card), ("$seq", (long)request.SequenceNumber), ("$amount", (long)request.Amount));
        byte[] acknowledgement = WithdrawalAcknowledgement.Create(_keys.WithdrawalKeyFor(request.CardNumber), request, renewed);
        transaction.Commit();
        return new WithdrawalResult(WithdrawalOutcome.Acknowledged, acknowledgement, renewed);
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    private static string Key(ulong value) => value.ToString("X16", CultureInfo.InvariantCulture);

    private DepositOutcome DepositOne(ulong providerId, CollectedPayment payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        CardCertificate certificate = payment.CardCertificate;
        PaymentCertificate paymentCertificate = payment.PaymentCertificate;
        using SqliteTransaction transaction = _connection.BeginTransaction();
        if (Scalar(transaction, "SELECT 1 FROM providers WHERE provider_id = $id", ("$id", Key(providerId))) is null)
            return DepositOutcome.UnknownProvider;
        if (!certificate.VerifySignature(_keys.SigningKey))
            return DepositOutcome.InvalidCardCertificate;

        string card = Key(certificate.CardNumber);
        if (Scalar(transaction, "SELECT certificate FROM card_certificates WHERE card_no = $card AND cert_no = $cert", ("$card", card), ("$cert", (long)certificate.CertificateNumber))
            is not byte[] issued || !issued.AsSpan().SequenceEqual(certificate.Encoded.Span))
        {
            return DepositOutcome.UnknownCertificate;
        }

        if (!JointSchnorr.Verify(_group, paymentCertificate, certificate.BankPublicKey, certificate.UserPublicKey)
            || !PaymentSpecification.TryDecode(paymentCertificate.Spec.Span, out PaymentSpecification? specification))
        {
            return DepositOutcome.InvalidPaymentCertificate;
        }

        if (specification.ProviderId != providerId)
            return DepositOutcome.ProviderMismatch;
        if (specification.Currency != certificate.Currency || !certificate.IsValidAt(specification.Time))
            return DepositOutcome.OutsideCertificate;
        if (Scalar(
                transaction,
                "SELECT 1 FROM payments WHERE card_no = $card AND cert_no = $cert AND ser_no = $ser",
                ("$card", card), ("$cert", (long)certificate.CertificateNumber), ("$ser", (long)paymentCertificate.SerialNumber)) is not null)
        {
            return DepositOutcome.Duplicate;
        }

        CardAccount account = ReadAccount(transaction, certificate.CardNumber)!;
        if (specification.Amount > account.Balance)
            return DepositOutcome.InsufficientBalance;

        Execute(
            transaction,
            "INSERT INTO payments (card_no, cert_no, ser_no, provider_id, amount, payment_cert, deposited_at) VALUES ($card, $cert, $ser, $provider, $amount, $payment, $at)",
            ("$card", card), ("$cert", (long)certificate.CertificateNumber), ("$ser", (long)paymentCertificate.SerialNumber), ("$provider", Key(providerId)),
            ("$amount", (long)specification.Amount), ("$payment", paymentCertificate.Encode()), ("$at", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));
        Execute(transaction, "UPDATE card_accounts SET c_balance = c_balance - $amount WHERE card_no = $card", ("$amount", (long)specification.Amount), ("$card", card));
        Execute(transaction, "UPDATE providers SET balance = balance + $amount WHERE provider_id = $id", ("$amount", (long)specification.Amount), ("$id", Key(providerId)));
        transaction.Commit();
        return DepositOutcome.Accepted;
    }

    private CardAccount? ReadAccount(SqliteTransaction? transaction, ulong cardNumber)
    {
        using SqliteCommand command = Command(transaction, "SELECT cert_no, c_balance, funding, last_seq FROM card_accounts WHERE card_no = $card", ("$card", Key(cardNumber)));
        using SqliteDataReader reader = command.ExecuteReader();
        if (!reader.Read())
            return null;
        return new CardAccount(cardNumber, (uint)reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), (uint)reader.GetInt64(3));
    }

    private void StoreCertificate(SqliteTransaction transaction, CardCertificate certificate) =>
        Execute(
            transaction,
            "INSERT INTO card_certificates (card_no, cert_no, certificate) VALUES ($card, $cert, $certificate)",
            ("$card", Key(certificate.CardNumber)), ("$cert", (long)certificate.CertificateNumber), ("$certificate", certificate.Encoded.ToArray()));

    private void Execute(SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using SqliteCommand command = Command(transaction, sql, parameters);
        command.ExecuteNonQuery();
    }

    private object? Scalar(SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using SqliteCommand command = Command(transaction, sql, parameters);
        object? value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    private SqliteCommand Command(SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach ((string name, object value) in parameters)
            command.Parameters.AddWithValue(name, value);
        return command;
    }
}
