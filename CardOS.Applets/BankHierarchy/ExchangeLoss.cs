namespace CardOS.Applets.BankHierarchy;

/// <summary>Value a paying card gave up that the receiving card never credited (the documented window).</summary>
/// <param name="Payer">The card that debited (and is owed the amount back).</param>
/// <param name="Payee">The card that should have credited.</param>
/// <param name="Session">The session id both PASSBOOK records would carry.</param>
/// <param name="Amount">The amount lost.</param>
/// <param name="Kind">A payment ('D') or interest ('P').</param>
public sealed record ExchangeLoss(AccountNumber Payer, AccountNumber Payee, ulong Session, uint Amount, PassbookEntryType Kind);
