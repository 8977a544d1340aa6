namespace CardOS.Applets.BankHierarchy;

/// <summary>
/// The bank's store of downloaded PASSBOOK records, per card account, in the order the card made them. Downloading
/// again adds only the records the ledger does not hold yet (the card keeps its 50-record ring).
/// </summary>
public sealed class PassbookLedger
{
    private readonly Dictionary<AccountNumber, List<PassbookEntry>> _entries = [];
    private readonly Dictionary<AccountNumber, long> _downloadedAt = [];
    private readonly Dictionary<(AccountNumber Owner, PassbookEntry Entry), long> _seenAt = [];
    private long _clock;

    /// <summary>The accounts the ledger holds records of.</summary>
    public IEnumerable<AccountNumber> Accounts => _entries.Keys;

    /// <summary>The records of <paramref name="owner"/>, oldest first.</summary>
    public IReadOnlyList<PassbookEntry> EntriesOf(AccountNumber owner) =>
        _entries.TryGetValue(owner, out List<PassbookEntry>? list) ? list : [];

    /// <summary>
    /// Reads <paramref name="card"/>'s PASSBOOK newest first until a record the ledger already holds (the card must be
    /// selected and its PIN verified) and adds the new ones.
    /// </summary>
    /// <returns>The number of records added.</returns>
    public int Download(BankCardClient card, AccountNumber owner)
    {
        ArgumentNullException.ThrowIfNull(card);
        IReadOnlyList<PassbookEntry> newest = card.ReadPassbook(entry => _seenAt.ContainsKey((owner, entry)));
        for (int i = newest.Count - 1; i >= 0; i--)
            Add(owner, newest[i]);
        _downloadedAt[owner] = ++_clock;
        return newest.Count;
    }

    /// <summary>Adds one record of <paramref name="owner"/> (as the next, newest one); false if the ledger holds it.</summary>
    public bool Add(AccountNumber owner, PassbookEntry entry)
    {
        if (!_seenAt.TryAdd((owner, entry), ++_clock))
            return false;
        if (!_entries.TryGetValue(owner, out List<PassbookEntry>? list))
            _entries[owner] = list = [];
        list.Add(entry);
        return true;
    }

    /// <summary>True when <paramref name="owner"/>'s PASSBOOK was downloaded after the ledger learnt of <paramref name="entry"/> of <paramref name="entryOwner"/>.</summary>
    public bool WasDownloadedAfter(AccountNumber owner, AccountNumber entryOwner, PassbookEntry entry) =>
        _downloadedAt.TryGetValue(owner, out long downloaded) && _seenAt.TryGetValue((entryOwner, entry), out long seen) && downloaded > seen;
}
