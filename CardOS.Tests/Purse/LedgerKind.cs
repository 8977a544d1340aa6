namespace CardOS.Tests.Purse;

public enum LedgerKind
{
    InMemory,
    Sqlite,
    PostgreSql,
}
