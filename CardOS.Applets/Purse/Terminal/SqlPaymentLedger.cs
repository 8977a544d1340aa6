using System.Data;
using System.Data.Common;
using System.Globalization;

namespace CardOS.Applets.Purse.Terminal;

/// <summary>
/// The ledger in a SQL database through ADO.NET: SQLite (Microsoft.Data.Sqlite) by default, PostgreSQL (Npgsql) when the
/// host gives a connection to one. The SQL is the common subset of both (ON CONFLICT needs SQLite 3.24 or later).
/// </summary>
/// <remarks>
/// The currency is stored as its ISO 4217 numeric code (<c>currency_code</c>, 978 for EUR) with its exponent
/// (<c>currency_exponent</c>). Ledgers written before that (a <c>currency</c> column holding the BCD code read as an
/// integer, 2424 for EUR, and no exponent) are refused by <see cref="EnsureCreated"/> with
/// <see cref="LegacyLedgerException"/> and converted only by an explicit <see cref="ConvertLegacy"/>.
/// </remarks>
public sealed class SqlPaymentLedger : IPaymentLedger
{
    /// <summary>The table's default name.</summary>
    public const string DefaultTable = "purse_payments";

    private const string Columns = "psam_id, psam_sequence, card_number, purse_counter, amount, currency_code, currency_exponent, owner, status, batch, created_at";

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
    /// <exception cref="LegacyLedgerException">The table was written by the old code; nothing was changed.</exception>
    public void EnsureCreated()
    {
        if (IsLegacy())
        {
            throw new LegacyLedgerException(
                $"The payment ledger table '{_table}' was written by an older CardOS: its 'currency' column holds the BCD code read as a number " +
                "(2424 for EUR) and no exponent. Nothing was changed. Convert it once, giving its currency's exponent: " +
                "PurseTerminal migrate-ledger --exponent 2 (with the same --sqlite or --postgres), or SqlPaymentLedger.ConvertLegacy(2).");
        }

        Execute(CreateTableSql(_table));
    }

    /// <summary>
    /// Converts a ledger table written by the old code (currency as the BCD code read as an integer, no exponent) in one
    /// transaction: every currency becomes its ISO 4217 numeric code and every record gets <paramref name="exponent"/>.
    /// Returns the number of records converted.
    /// </summary>
    /// <param name="exponent">The exponent of the ledger's currency (the old code did not store it): 0 to 9.</param>
    /// <exception cref="InvalidOperationException">The table is not an old ledger, or holds a currency that is not BCD; nothing was changed.</exception>
    public int ConvertLegacy(int exponent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(exponent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(exponent, 9);
        if (!IsLegacy())
            throw new InvalidOperationException($"The payment ledger table '{_table}' is not an old-format ledger (it has no 'currency' column to convert); nothing was changed.");
        using DbConnection connection = Open();
        using DbTransaction transaction = connection.BeginTransaction(IsolationLevel.Serializable);
        using (DbCommand bad = Command(connection, transaction,
            $"SELECT COUNT(*) FROM {_table} WHERE currency < 0 OR currency > 65535 OR currency / 4096 > 9 OR (currency / 256) % 16 > 9 OR (currency / 16) % 16 > 9 OR currency % 16 > 9"))
        {
            long count = Convert.ToInt64(bad.ExecuteScalar(), CultureInfo.InvariantCulture);
            if (count > 0)
                throw new InvalidOperationException($"The payment ledger table '{_table}' holds {count} records whose currency is not a BCD code; nothing was changed.");
        }

        string converted = _table + "_converted";
        Run(connection, transaction, CreateTableSql(converted));
        int rows = Run(connection, transaction,
            $"INSERT INTO {converted} ({Columns}) SELECT psam_id, psam_sequence, card_number, purse_counter, amount, " +
            "(currency / 4096) * 1000 + ((currency / 256) % 16) * 100 + ((currency / 16) % 16) * 10 + currency % 16, @exponent, " +
            $"owner, status, batch, created_at FROM {_table}",
            ("@exponent", exponent));
        Run(connection, transaction, $"DROP TABLE {_table}");
        Run(connection, transaction, $"ALTER TABLE {converted} RENAME TO {_table}");
        transaction.Commit();
        return rows;
    }

    /// <inheritdoc />
    public void AddPending(PaymentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Execute(
            $"INSERT INTO {_table} ({Columns}) VALUES (@psam_id, @psam_sequence, @card_number, @purse_counter, @amount, @currency_code, @currency_exponent, @owner, @status, NULL, @created_at) ON CONFLICT (psam_id, psam_sequence) DO NOTHING",
            ("@psam_id", record.PsamId),
            ("@psam_sequence", record.Sequence),
            ("@card_number", record.CardNumber),
            ("@purse_counter", record.PurseCounter),
            ("@amount", record.Amount),
            ("@currency_code", record.Currency),
            ("@currency_exponent", record.Exponent is { } exponent ? exponent : DBNull.Value),
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

    private static string CreateTableSql(string table) =>
        $"""
        CREATE TABLE IF NOT EXISTS {table} (
            psam_id TEXT NOT NULL,
            psam_sequence BIGINT NOT NULL,
            card_number TEXT NOT NULL,
            purse_counter BIGINT NOT NULL,
            amount BIGINT NOT NULL,
            currency_code INTEGER NOT NULL,
            currency_exponent INTEGER NULL,
            owner TEXT NOT NULL,
            status TEXT NOT NULL,
            batch BIGINT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (psam_id, psam_sequence))
        """;

    private static int Run(DbConnection connection, DbTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using DbCommand command = Command(connection, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    /// <summary>Whether the table exists with the old layout: a <c>currency</c> column (BCD read as an integer) and no <c>currency_code</c>.</summary>
    private bool IsLegacy() => HasColumn("currency") && !HasColumn("currency_code");

    /// <summary>Whether the table exists and has <paramref name="column"/>: a query that names it fails otherwise (the same on SQLite and PostgreSQL).</summary>
    private bool HasColumn(string column)
    {
        using DbConnection connection = Open();
        using DbCommand command = Command(connection, null, $"SELECT {column} FROM {_table} WHERE 1 = 0");
        try
        {
            command.ExecuteNonQuery();
            return true;
        }
        catch (DbException)
        {
            return false;
        }
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
                Exponent = reader.IsDBNull(6) ? null : reader.GetInt32(6),
                Owner = reader.GetString(7),
                Status = Parse(reader.GetString(8)),
                Batch = reader.IsDBNull(9) ? null : reader.GetInt64(9),
                CreatedAt = DateTimeOffset.Parse(reader.GetString(10), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
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
