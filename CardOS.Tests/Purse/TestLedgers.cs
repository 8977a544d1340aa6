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
        SqlPaymentLedger ledger;
        switch (kind)
        {
            case LedgerKind.InMemory:
                return new InMemoryPaymentLedger();
            case LedgerKind.Sqlite:
            {
                string path = Path.Combine(Path.GetTempPath(), $"cardos-ledger-{Guid.NewGuid():N}.db");
                string connection = $"Data Source={path};Pooling=False";
                _cleanup.Add(() => File.Delete(path));
                ledger = new SqlPaymentLedger(() => new SqliteConnection(connection));
                break;
            }

            default:
            {
                RequirePostgres();
                string table = $"purse_payments_{Guid.NewGuid():N}";
                ledger = new SqlPaymentLedger(() => new NpgsqlConnection(PostgresConnectionString), table);
                _cleanup.Add(() =>
                {
                    using var connection = new NpgsqlConnection(PostgresConnectionString);
                    connection.Open();
                    using DbCommand drop = connection.CreateCommand();
#pragma warning disable CA2100 // The table name is generated here from a GUID.
                    drop.CommandText = $"DROP TABLE IF EXISTS {table}";
#pragma warning restore CA2100
                    drop.ExecuteNonQuery();
                });
                break;
            }
        }

        ledger.EnsureCreated();
        return ledger;
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
