using System.Data.Common;
using CardOS.Applets.Purse.Terminal;
using CardOS.Tests.Reader.EndToEnd;

namespace CardOS.Tests.Purse;

/// <summary>
/// Issue 12, item 2: the ledger stores the ISO 4217 numeric code (978 for EUR) and the exponent. The old code stored the
/// BCD field read as an integer (2424) and no exponent; a ledger it wrote is refused with a message naming the table and
/// the conversion, and converted only by <see cref="SqlPaymentLedger.ConvertLegacy"/>.
/// </summary>
[NonParallelizable]
public class LedgerCurrencyTests
{
    /// <summary>The table exactly as the old SqlPaymentLedger created it, with one record it wrote (EUR as 2424).</summary>
    private const string LegacyTable = """
        CREATE TABLE {0} (
            psam_id TEXT NOT NULL, psam_sequence BIGINT NOT NULL, card_number TEXT NOT NULL, purse_counter BIGINT NOT NULL,
            amount BIGINT NOT NULL, currency INTEGER NOT NULL, owner TEXT NOT NULL, status TEXT NOT NULL, batch BIGINT NULL,
            created_at TEXT NOT NULL, PRIMARY KEY (psam_id, psam_sequence));
        INSERT INTO {0} VALUES ('50534101', 1, '5999000000000001', 1, 250, 2424, 'alice', 'completed', NULL, '2026-01-15T10:00:00.0000000+00:00');
        INSERT INTO {0} VALUES ('50534101', 2, '5999000000000001', 2, 100, 2424, 'bob', 'pending', NULL, '2026-01-15T10:01:00.0000000+00:00')
        """;

    [TestCase(LedgerKind.Sqlite)]
    [TestCase(LedgerKind.PostgreSql)]
    public void Pay_StoresIsoNumericCodeAndExponent(LedgerKind kind)
    {
        using var ledgers = new TestLedgers();
        using var terminal = new SplitTerminalHarness(ledgers.Create(kind));
        Assert.That(terminal.Pay("alice", 250).Code, Is.EqualTo(PaymentResultCode.Completed));
        PaymentRecord record = terminal.Ledger.GetRecords().Single();
        Assert.Multiple(() =>
        {
            Assert.That(record.Currency, Is.EqualTo(978), "EUR");
            Assert.That(record.Exponent, Is.EqualTo(2));
        });
    }

    [TestCase(LedgerKind.Sqlite)]
    [TestCase(LedgerKind.PostgreSql)]
    public void EnsureCreated_LedgerOfTheOldCode_RefusedNamingTableAndFixNothingChanged(LedgerKind kind)
    {
        using var ledgers = new TestLedgers();
        (Func<DbConnection> factory, string table, SqlPaymentLedger ledger) = CreateLegacy(ledgers, kind);

        LegacyLedgerException? refused = Assert.Throws<LegacyLedgerException>(ledger.EnsureCreated);
        Assert.That(refused!.Message, Does.Contain($"'{table}'").And.Contain("migrate-ledger --exponent").And.Contain("Nothing was changed"));
        Assert.That(refused.Message, Does.Not.Contain("\n"), "one line");
        Assert.That(Scalar(factory, $"SELECT SUM(currency) FROM {table}"), Is.EqualTo(2 * 2424), "the old rows are untouched");
    }

    [TestCase(LedgerKind.Sqlite)]
    [TestCase(LedgerKind.PostgreSql)]
    public void ConvertLegacy_OldLedger_CodesAndExponentThenUsable(LedgerKind kind)
    {
        using var ledgers = new TestLedgers();
        (Func<DbConnection> factory, string table, SqlPaymentLedger ledger) = CreateLegacy(ledgers, kind);

        Assert.That(ledger.ConvertLegacy(2), Is.EqualTo(2));
        ledger.EnsureCreated();
        IReadOnlyList<PaymentRecord> records = ledger.GetRecords();
        Assert.Multiple(() =>
        {
            Assert.That(records.Select(r => r.Currency), Is.All.EqualTo(978));
            Assert.That(records.Select(r => r.Exponent), Is.All.EqualTo(2));
            Assert.That(records.Select(r => (r.Sequence, r.Amount, r.Owner, r.Status)),
                Is.EqualTo(new[] { (1L, 250L, "alice", PaymentStatus.Completed), (2L, 100L, "bob", PaymentStatus.Pending) }));
        });
        Assert.That(() => ledger.ConvertLegacy(2), Throws.InvalidOperationException.With.Message.Contains("not an old-format ledger"));

        // The converted ledger takes new payments.
        ledger.SetStatus("50534101", 2, PaymentStatus.Void);
        Assert.That(ledger.GetRecords().Single(r => r.Sequence == 2).Status, Is.EqualTo(PaymentStatus.Void));
    }

    [TestCase(LedgerKind.Sqlite)]
    [TestCase(LedgerKind.PostgreSql)]
    public void ConvertLegacy_NonBcdCurrency_RefusedNothingChanged(LedgerKind kind)
    {
        using var ledgers = new TestLedgers();
        (Func<DbConnection> factory, string table, SqlPaymentLedger ledger) = CreateLegacy(ledgers, kind);
        Execute(factory, $"UPDATE {table} SET currency = 2559 WHERE psam_sequence = 2"); // 0x09FF

        Assert.That(() => ledger.ConvertLegacy(2), Throws.InvalidOperationException.With.Message.Contains("1 records whose currency is not a BCD code"));
        Assert.Throws<LegacyLedgerException>(ledger.EnsureCreated, "still the old ledger");
    }

    [Test]
    [CancelAfter(300_000)]
    public void SampleTerminal_OldLedger_RefusedWithOneLineThenMigrateLedgerConverts()
    {
        using var ledgers = new TestLedgers();
        (Func<DbConnection> factory, string table, _) = CreateLegacy(ledgers, LedgerKind.Sqlite);
        string database = factory().DataSource;
        string directory = Path.Combine(Path.GetTempPath(), $"cardos-terminal-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            string dll = PurseTerminalProcessTests.PurseTerminalDll();
            string psam = Path.Combine(directory, "psam.img");
            ProcessResult Run(params string[] arguments) => ProcessRunner.Run(
                Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [dll, .. arguments], TimeSpan.FromMinutes(2));

            ProcessResult refused = Run("settle", "--psam-image", psam, "--sqlite", database);
            Assert.That(refused.ExitCode, Is.EqualTo(2), refused.StandardOutput + refused.StandardError);
            Assert.That(refused.StandardError.Trim(), Does.StartWith($"The payment ledger table '{table}' was written by an older CardOS").And.Not.Contain("\n"));

            ProcessResult noExponent = Run("migrate-ledger", "--sqlite", database);
            Assert.That(noExponent.ExitCode, Is.EqualTo(2), noExponent.StandardOutput + noExponent.StandardError);

            ProcessResult migrated = Run("migrate-ledger", "--exponent", "2", "--sqlite", database);
            Assert.That(migrated.ExitCode, Is.Zero, migrated.StandardOutput + migrated.StandardError);
            Assert.That(migrated.StandardOutput, Does.Contain("converted 2 records"));

            ProcessResult again = Run("migrate-ledger", "--exponent", "2", "--sqlite", database);
            Assert.That(again.ExitCode, Is.EqualTo(2), "a converted ledger is not converted twice");
            Assert.That(new Applets.Purse.Terminal.SqlPaymentLedger(factory, table).GetRecords().Select(r => (r.Currency, r.Exponent)), Is.All.EqualTo((978, (int?)2)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestCase((ushort)0x0978, 978)]
    [TestCase((ushort)0x0840, 840)]
    [TestCase((ushort)0x0036, 36)]
    [TestCase((ushort)0x9999, 9999)]
    [TestCase((ushort)0x097A, -1)]
    [TestCase((ushort)0xA978, -1)]
    public void CurrencyCode_Bcd_IsoNumeric(ushort bcd, int code) =>
        Assert.That(Applets.Purse.PurseFormat.CurrencyCode(bcd), Is.EqualTo(code));

    /// <summary>A database holding a ledger table as the old code wrote it, and a ledger over it.</summary>
    private static (Func<DbConnection> Factory, string Table, SqlPaymentLedger Ledger) CreateLegacy(TestLedgers ledgers, LedgerKind kind)
    {
        (Func<DbConnection> factory, string table) = ledgers.CreateDatabase(kind);
        Execute(factory, LegacyTable.Replace("{0}", table, StringComparison.Ordinal));
        return (factory, table, new SqlPaymentLedger(factory, table));
    }

    private static void Execute(Func<DbConnection> factory, string sql)
    {
        using DbConnection connection = factory();
        connection.Open();
        foreach (string statement in sql.Split(';'))
        {
            using DbCommand command = connection.CreateCommand();
#pragma warning disable CA2100 // Test SQL built from constants and generated table names.
            command.CommandText = statement;
#pragma warning restore CA2100
            command.ExecuteNonQuery();
        }
    }

    private static long Scalar(Func<DbConnection> factory, string sql)
    {
        using DbConnection connection = factory();
        connection.Open();
        using DbCommand command = connection.CreateCommand();
#pragma warning disable CA2100 // Test SQL built from constants and generated table names.
        command.CommandText = sql;
#pragma warning restore CA2100
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
