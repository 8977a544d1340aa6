namespace CardOS.Applets.Purse.Terminal;

/// <summary>A ledger in memory, for tests and demos (nothing survives the process).</summary>
public sealed class InMemoryPaymentLedger : IPaymentLedger
{
    private readonly List<PaymentRecord> _records = [];
    private readonly Lock _lock = new();

    /// <inheritdoc />
    public void EnsureCreated()
    {
    }

    /// <inheritdoc />
    public void AddPending(PaymentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_lock)
        {
            if (_records.FindIndex(r => r.PsamId == record.PsamId && r.Sequence == record.Sequence) < 0)
                _records.Add(record with { Status = PaymentStatus.Pending, Batch = null });
        }
    }

    /// <inheritdoc />
    public void SetStatus(string psamId, long sequence, PaymentStatus status)
    {
        lock (_lock)
        {
            int index = _records.FindIndex(r => r.PsamId == psamId && r.Sequence == sequence);
            if (index >= 0)
                _records[index] = _records[index] with { Status = status };
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<PaymentRecord> GetRecords()
    {
        lock (_lock)
            return [.. _records];
    }

    /// <inheritdoc />
    public IReadOnlyList<PaymentRecord> CloseBatch(long batch)
    {
        lock (_lock)
        {
            for (int i = 0; i < _records.Count; i++)
            {
                if (_records[i].Status == PaymentStatus.Completed && _records[i].Batch is null)
                    _records[i] = _records[i] with { Batch = batch };
            }

            return _records.FindAll(r => r.Batch == batch);
        }
    }
}
