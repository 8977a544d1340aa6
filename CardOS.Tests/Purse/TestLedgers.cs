using System.Data.Common;
using CardOS.Applets.Purse.Terminal;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CardOS.Tests.Purse;

/// <summary>
/// Ledgers for the split-terminal tests: in memory, SQLite in a temporary file, and PostgreSQL at
/// <c>CARDOS_POSTGRES</c> (default: the cluster scripts/start-postgres.sh starts on 127.0.0.1:55432). Under CI=true a
/// missing PostgreSQL fails the test; elsewhere the test is skipped with the reason.
/// </summary>
public sealed class TestLedgers : IDisposable
{
    public const string DefaultPostgres = "Host=127.0.0.1;Port=55432;Username=cardos;Password=cardos;Database=cardos;Timeout=5";
    private readonly List<Action> _cleanup = [];

    public static string PostgresConnectionString => Environment.GetEnvironmentVariable("CARDOS_POSTGRES") ?? DefaultPostgres;

    public IPaymentLedger Create(LedgerKind kind)
    {
        if (kind == LedgerKind.InMemory)
            return new InMemoryPaymentLedger();
        (Func<DbConnection> factory, string table) = CreateDatabase(kind);
        var ledger = new SqlPaymentLedger(factory, table);
        ledger.EnsureCreated();
        return ledger;
    }

    /// <summary>A connection factory and a fresh table name in an SQL database of <paramref name="kind"/>, removed at <see cref="Dispose"/>.</summary>
    public (Func<DbConnection> Factory, string Table) CreateDatabase(LedgerKind kind)
    {
        if (kind == LedgerKind.Sqlite)
        {
            string path = Path.Combine(Path.GetTempPath(), $"cardos-ledger-{Guid.NewGuid():N}.db");
            string connection = $"Data Source={path};Pooling=False";
            _cleanup.Add(() => File.Delete(path));
            return (() => new SqliteConnection(connection), SqlPaymentLedger.DefaultTable);
        }

        RequirePostgres();
        string table = $"purse_payments_{Guid.NewGuid():N}";
        _cleanup.Add(() =>
        {
            using var connection = new NpgsqlConnection(PostgresConnectionString);
            connection.Open();
            using DbCommand drop = connection.CreateCommand();
#pragma warning disable CA2100 // The table name is generated here from a GUID.
            drop.CommandText = $"DROP TABLE IF EXISTS {table}; DROP TABLE IF EXISTS {table}_converted";
#pragma warning restore CA2100
            drop.ExecuteNonQuery();
        });
        return (() => new NpgsqlConnection(PostgresConnectionString), table);
    }

    public void Dispose()
    {
        foreach (Action action in _cleanup)
            action();
        _cleanup.Clear();
    }

    private static void RequirePostgres()
    {
        try
        {
            using var connection = new NpgsqlConnection(PostgresConnectionString);
            connection.Open();
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException)
        {
            // A missing server fails the case: a run without PostgreSQL must not look green. Leaving it out is a choice
            // made out loud (CARDOS_SKIP_POSTGRES=1), and then the cases are reported as skipped with this reason.
            string message = $"No PostgreSQL server at '{PostgresConnectionString}' ({e.Message}). Run scripts/start-postgres.sh, set CARDOS_POSTGRES, or skip these cases with CARDOS_SKIP_POSTGRES=1.";
            if (Environment.GetEnvironmentVariable("CARDOS_SKIP_POSTGRES") == "1")
                Assert.Ignore(message);
            Assert.Fail(message);
        }
    }
}
