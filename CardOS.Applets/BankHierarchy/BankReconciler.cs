namespace CardOS.Applets.BankHierarchy;

/// <summary>
/// Finds and restores the value lost in the exposure window (docs/applets/bank-hierarchy.md, Power cuts): a 'D' or 'P'
/// record on the paying card with no matching 'C' or 'I' record (same session id, amount and accounts) on the other card,
/// once the other card's PASSBOOK has been downloaded after the payer's record was.
/// </summary>
public sealed class BankReconciler
{
    private readonly PassbookLedger _ledger;
    private readonly HashSet<(AccountNumber Payer, ulong Session)> _restored = [];

    /// <summary>Reconciles the records in <paramref name="ledger"/>.</summary>
    public BankReconciler(PassbookLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        _ledger = ledger;
    }

    /// <summary>The losses not yet restored, in the order of the payers' records.</summary>
    public IReadOnlyList<ExchangeLoss> FindLosses()
    {
        var losses = new List<ExchangeLoss>();
        foreach (AccountNumber payer in _ledger.Accounts)
        {
            foreach (PassbookEntry debit in _ledger.EntriesOf(payer))
            {
                PassbookEntryType expected = debit.Type switch
                {
                    PassbookEntryType.Paid => PassbookEntryType.Received,
                    PassbookEntryType.InterestPaid => PassbookEntryType.InterestReceived,
                    _ => default,
                };
                if (expected == default || debit.Amount == 0 || _restored.Contains((payer, debit.Session)))
                    continue;
                AccountNumber payee = debit.OtherAccount;
                if (!_ledger.WasDownloadedAfter(payee, payer, debit) || HasCredit(payee, payer, debit, expected))
                    continue;
                losses.Add(new ExchangeLoss(payer, payee, debit.Session, debit.Amount, debit.Type));
            }
        }

        return losses;
    }

    /// <summary>
    /// Pays <paramref name="loss"/> back to its payer from <paramref name="restorer"/> (a card allowed to pay it: its parent
    /// in the hierarchy, credentials already presented) and records it as restored when the transfer completes.
    /// </summary>
    public ExchangeOutcome Restore(ExchangeLoss loss, BankCardClient restorer, BankCardClient payer)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ExchangeOutcome outcome = BankExchangeTerminal.Transfer(restorer, payer, loss.Amount);
        if (outcome.IsCompleted)
            MarkRestored(loss);
        return outcome;
    }

    /// <summary>Records <paramref name="loss"/> as restored by other means (for a center card: money re-created).</summary>
    public void MarkRestored(ExchangeLoss loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        _restored.Add((loss.Payer, loss.Session));
    }

    private bool HasCredit(AccountNumber payee, AccountNumber payer, PassbookEntry debit, PassbookEntryType expected)
    {
        foreach (PassbookEntry credit in _ledger.EntriesOf(payee))
        {
            if (credit.Type == expected && credit.Session == debit.Session && credit.Amount == debit.Amount && credit.OtherAccount == payer)
                return true;
        }

        return false;
    }
}
