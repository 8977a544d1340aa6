using System.Data;
using System.Data.Common;
using System.Globalization;

namespace CardOS.Applets.Purse.Terminal;

/// <summary>
/// The ledger in a SQL database through ADO.NET: SQLite (Microsoft.Data.Sqlite) by default, PostgreSQL (Npgsql) when the
/// host gives a connection to one. The SQL is the common subset of both (ON CONFLICT needs SQLite 3.24 or later).
/// </summary>
public sealed class SqlPaymentLedger : IPaymentLedger
{
    /// <summary>The table's default name.</summary>
    public const string DefaultTable = "purse_payments";

    private const string Columns = "psam_id, psam_sequence, card_number, purse_counter, amount, currency, owner, status, batch, created_at";

    private readonly Func<DbConnection> _connectionFactory;
    private readonly string _table;

    /// <summary>A ledger in table <paramref name="table"/> of the database <paramref name="connectionFactory"/> connects to.</summary>
    /// <param name="connectionFactory">Creates a new, unopened connection each time it is called.</param>
    /// <param name="table">The table name: letters, digits and underscores.</param>
    public SqlPaymentLedger(Func<DbConnection> connectionFactory, string table = DefaultTable)
    {
        ArgumentNullException.ThrowIfNull(connectionFactory);
        ArgumentException.ThrowIfNullOrEmpty(table);
        foreach (char c in table)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
                throw new ArgumentException("A table name holds only ASCII letters, digits and underscores.", nameof(table));
        }

        _connectionFactory = connectionFactory;
        _table = table;
    }

    /// <inheritdoc />
    public void EnsureCreated() => Execute(
        $"""
        CREATE TABLE IF NOT EXISTS {_table} (
            psam_id TEXT NOT NULL,
            psam_sequence BIGINT NOT NULL,
            card_number TEXT NOT NULL,
            purse_counter BIGINT NOT NULL,
            amount BIGINT NOT NULL,
            currency INTEGER NOT NULL,
            owner TEXT NOT NULL,
            status TEXT NOT NULL,
            batch BIGINT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (psam_id, psam_sequence))
        """);

    /// <inheritdoc />
    public void AddPending(PaymentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Execute(
            $"INSERT INTO {_table} ({Columns}) VALUES (@psam_id, @psam_sequence, @card_number, @purse_counter, @amount, @currency, @owner, @status, NULL, @created_at) ON CONFLICT (psam_id, psam_sequence) DO NOTHING",
            ("@psam_id", record.PsamId),
            ("@psam_sequence", record.Sequence),
            ("@card_number", record.CardNumber),
            ("@purse_counter", record.PurseCounter),
            ("@amount", record.Amount),
            ("@currency", record.Currency),
            ("@owner", record.Owner),
            ("@status", Name(PaymentStatus.Pending)),
            ("@created_at", record.CreatedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)));
    }

    /// <inheritdoc />
    public void SetStatus(string psamId, long sequence, PaymentStatus status) => Execute(
        $"UPDATE {_table} SET status = @status WHERE psam_id = @psam_id AND psam_sequence = @psam_sequence",
        ("@status", Name(status)),
        ("@psam_id", psamId),
        ("@psam_sequence", sequence));

    /// <inheritdoc />
    public IReadOnlyList<PaymentRecord> GetRecords()
    {
        using DbConnection connection = Open();
        return Query(connection, null, $"SELECT {Columns} FROM {_table} ORDER BY created_at, psam_sequence");
    }

    /// <inheritdoc />
    public IReadOnlyList<PaymentRecord> CloseBatch(long batch)
    {
        using DbConnection connection = Open();
        using DbTransaction transaction = connection.BeginTransaction(IsolationLevel.Serializable);
        using (DbCommand update = Command(connection, transaction,
            $"UPDATE {_table} SET batch = @batch WHERE status = @status AND batch IS NULL",
            ("@batch", batch), ("@status", Name(PaymentStatus.Completed))))
        {
            update.ExecuteNonQuery();
        }

        IReadOnlyList<PaymentRecord> records = Query(connection, transaction,
            $"SELECT {Columns} FROM {_table} WHERE batch = @batch ORDER BY created_at, psam_sequence", ("@batch", batch));
        transaction.Commit();
        return records;
    }

    private static string Name(PaymentStatus status) => status switch
    {
        PaymentStatus.Pending => "pending",
        PaymentStatus.Completed => "completed",
        _ => "void",
    };

    private static PaymentStatus Parse(string status) => status switch
    {
        "pending" => PaymentStatus.Pending,
        "completed" => PaymentStatus.Completed,
        "void" => PaymentStatus.Void,
        _ => throw new InvalidDataException($"Unknown payment status '{status}' in the ledger."),
    };

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        DbCommand command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // The SQL text is constant; every value travels as a parameter.
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach ((string name, object value) in parameters)
        {
            DbParameter parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static List<PaymentRecord> Query(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using DbCommand command = Command(connection, transaction, sql, parameters);
        using DbDataReader reader = command.ExecuteReader();
        var records = new List<PaymentRecord>();
        while (reader.Read())
        {
            records.Add(new PaymentRecord
            {
                PsamId = reader.GetString(0),
                Sequence = reader.GetInt64(1),
                CardNumber = reader.GetString(2),
                PurseCounter = reader.GetInt64(3),
                Amount = reader.GetInt64(4),
                Currency = reader.GetInt32(5),
                Owner = reader.GetString(6),
                Status = Parse(reader.GetString(7)),
                Batch = reader.IsDBNull(8) ? null : reader.GetInt64(8),
                CreatedAt = DateTimeOffset.Parse(reader.GetString(9), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            });
        }

        return records;
    }

    private DbConnection Open()
    {
        DbConnection connection = _connectionFactory();
        connection.Open();
        return connection;
    }

    private void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using DbConnection connection = Open();
        using DbCommand command = Command(connection, null, sql, parameters);
        command.ExecuteNonQuery();
    }
}
