using CardOS.Apdu;
using CardOS.Applets.Purse.Commands;

namespace CardOS.Applets.Purse.Terminal;

/// <summary>
/// The merchant side of the split terminal (EP, IBM 1999): it holds the PSAM and the ledger, builds every command the
/// purse receives, drives the purchase to its end and keeps PSAM totals and records consistent. The purse is reached
/// through any <see cref="ICardChannel"/>: a local reader, or the relaying client over TCP.
/// </summary>
/// <remarks>
/// Order of commitment (WO 96/41315): the PSAM records the purchase as pending and the ledger writes a pending record
/// before the DEBIT; the purse (payer) commits; then the PSAM counts it, then the ledger completes the record. A session
/// cut anywhere leaves a pending purchase that the next session with the same purse resolves from the purse's proof, and
/// <see cref="Reconcile"/> aligns the ledger with the PSAM after a server crash.
/// </remarks>
public sealed class MerchantService
{
    /// <summary>Owner written on records the ledger lacked (a crash came between PSAM and ledger).</summary>
    public const string UnknownOwner = "(recovered)";

    private readonly ICardChannel _psam;
    private readonly IPaymentLedger _ledger;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private string _psamId = "";

    /// <summary>A service over a PSAM channel and a ledger; call <see cref="Start"/> before use.</summary>
    public MerchantService(ICardChannel psam, IPaymentLedger ledger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(psam);
        ArgumentNullException.ThrowIfNull(ledger);
        _psam = psam;
        _ledger = ledger;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The ledger.</summary>
    public IPaymentLedger Ledger => _ledger;

    /// <summary>Selects the PSAM, creates the ledger's tables and reconciles the two.</summary>
    public void Start()
    {
        lock (_lock)
        {
            _psam.SendChecked(new SelectApplicationCommand(PsamApplet.DefaultAid));
            _psamId = Hex.Encode(_psam.SendChecked(new PsamGetDataCommand()).PsamId);
            _ledger.EnsureCreated();
            ReconcileLocked();
        }
    }

    /// <summary>Runs one payment of <paramref name="amount"/> (0: authentication only) with the purse behind <paramref name="purse"/>.</summary>
    /// <remarks>A lost purse ends in <see cref="PaymentResultCode.Interrupted"/>; a ledger failure propagates (the PSAM and the
    /// purse stay consistent, and <see cref="Reconcile"/> brings the ledger back in line).</remarks>
    public PaymentResult Pay(ICardChannel purse, string owner, uint amount)
    {
        ArgumentNullException.ThrowIfNull(purse);
        ArgumentNullException.ThrowIfNull(owner);
        lock (_lock)
        {
            int recovered = 0;
            uint sequence = 0;
            try
            {
                StatusResponse select = purse.Send(new SelectApplicationCommand(PurseApplet.DefaultAid));
                if (!select.IsSuccess)
                    return Declined(select.StatusWord, amount, 0, "the card has no purse");
                if (_psam.SendChecked(new PsamGetDataCommand()).PendingCount > 0)
                {
                    // Earlier purchases of this purse may wait for its proof: resolve them before a new one.
                    GetPurseDataResponse data = purse.Send(new GetPurseDataCommand());
                    if (!data.IsSuccess)
                        return Declined(data.StatusWord, amount, 0, "the purse did not answer GET DATA");
                    recovered = RecoverPending(purse, data.CardNumber);
                }

                InitializeForPurchaseResponse init = purse.Send(new InitializeForPurchaseCommand());
                if (!init.IsSuccess)
                    return Declined(init.StatusWord, amount, recovered, "the purse refused INITIALIZE FOR PURCHASE");
                PsamInitializePurchaseResponse signed = _psam.Send(new PsamInitializePurchaseCommand(init.Data.Span, amount, Today()));
                if (!signed.IsSuccess)
                    return Declined(signed.StatusWord, amount, recovered, "the PSAM refused the purchase");
                sequence = signed.Sequence;
                _ledger.AddPending(new PaymentRecord
                {
                    PsamId = _psamId,
                    Sequence = sequence,
                    CardNumber = Hex.Encode(init.CardNumber),
                    PurseCounter = init.Counter,
                    Amount = amount,
                    Currency = PurseFormat.CurrencyCode(init.Currency),
                    Exponent = init.Exponent,
                    Owner = owner,
                    CreatedAt = _time.GetUtcNow(),
                });

                DebitResponse debit = purse.Send(new DebitCommand(signed.DebitData));
                if (!debit.IsSuccess)
                {
                    RecoverOne(purse, sequence);
                    return Declined(debit.StatusWord, amount, recovered, "the purse refused the DEBIT") with { Sequence = sequence };
                }

                PsamTotalsResponse complete = _psam.Send(new PsamCompletePurchaseCommand(sequence, debit.BalanceAfter, debit.S3));
                if (!complete.IsSuccess)
                {
                    // A wrong S3 proves nothing either way: ask the purse's log.
                    PurchaseOutcome? outcome = RecoverOne(purse, sequence);
                    if (outcome != PurchaseOutcome.Completed)
                        return Declined(complete.StatusWord, amount, recovered, "the purse's S3 did not verify") with { Sequence = sequence };
                }
                else
                {
                    _ledger.SetStatus(_psamId, sequence, PaymentStatus.Completed);
                }

                return new PaymentResult
                {
                    Code = PaymentResultCode.Completed,
                    Amount = amount,
                    BalanceAfter = debit.BalanceAfter,
                    Sequence = sequence,
                    Recovered = recovered,
                    Message = amount == 0 ? "authenticated" : "paid",
                };
            }
            catch (CardConnectionException e)
            {
                return new PaymentResult
                {
                    Code = PaymentResultCode.Interrupted,
                    Amount = amount,
                    Sequence = sequence,
                    Recovered = recovered,
                    Message = e.Message,
                };
            }
        }
    }

    /// <summary>
    /// Aligns the ledger with the PSAM: adds records for pending purchases the ledger lacks, and completes or voids
    /// pending records the PSAM has resolved. Returns the number of records changed.
    /// </summary>
    public int Reconcile()
    {
        lock (_lock)
            return ReconcileLocked();
    }

    /// <summary>
    /// Closes the PSAM's batch: reconciles, assigns the completed records to the batch, checks they add up to the PSAM's
    /// totals, then settles the PSAM. Pending purchases stay pending and join a later batch when resolved.
    /// </summary>
    /// <exception cref="InvalidOperationException">The ledger and the PSAM disagree; nothing is settled.</exception>
    public Settlement Settle()
    {
        lock (_lock)
        {
            ReconcileLocked();
            PsamGetDataResponse status = _psam.SendChecked(new PsamGetDataCommand());
            IReadOnlyList<PaymentRecord> records = _ledger.CloseBatch(status.Batch);
            long sum = 0;
            foreach (PaymentRecord record in records)
                sum += record.Amount;
            if (records.Count != status.Count || (ulong)sum != status.Total)
                throw new InvalidOperationException($"Batch {status.Batch}: the ledger holds {records.Count} records for {sum}, the PSAM counted {status.Count} for {status.Total}.");
            PsamSettleResponse settled = _psam.SendChecked(new PsamSettleCommand());
            return new Settlement(settled.Batch, settled.Count, settled.Total, records);
        }
    }

    private int ReconcileLocked()
    {
        int changed = 0;
        PsamGetDataResponse status = _psam.SendChecked(new PsamGetDataCommand());
        for (int slot = 0; slot < PsamApplet.PendingCapacity && status.PendingCount > 0; slot++)
        {
            PsamReadPendingResponse pending = _psam.Send(new PsamReadPendingCommand(slot));
            if (!pending.IsSuccess)
                continue;
            int before = _ledger.GetRecords().Count;
            _ledger.AddPending(new PaymentRecord
            {
                PsamId = _psamId,
                Sequence = pending.Sequence,
                CardNumber = Hex.Encode(pending.CardNumber),
                PurseCounter = pending.Counter,
                Amount = pending.Amount,
                Currency = PurseFormat.CurrencyCode(status.Currency),
                Owner = UnknownOwner,
                CreatedAt = _time.GetUtcNow(),
            });
            changed += _ledger.GetRecords().Count - before;
        }

        foreach (PaymentRecord record in _ledger.GetRecords())
        {
            if (record.Status != PaymentStatus.Pending || record.PsamId != _psamId)
                continue;
            PsamReadResolutionResponse resolution = _psam.Send(new PsamReadResolutionCommand((uint)record.Sequence));
            if (!resolution.IsSuccess || resolution.Outcome == PurchaseOutcome.Pending)
                continue;
            _ledger.SetStatus(_psamId, record.Sequence, resolution.Outcome == PurchaseOutcome.Completed ? PaymentStatus.Completed : PaymentStatus.Void);
            changed++;
        }

        return changed;
    }

    /// <summary>Resolves every PSAM-pending purchase of this purse from its proofs; returns how many were resolved.</summary>
    private int RecoverPending(ICardChannel purse, byte[] cardNumber)
    {
        var sequences = new List<uint>();
        for (int slot = 0; slot < PsamApplet.PendingCapacity; slot++)
        {
            PsamReadPendingResponse pending = _psam.Send(new PsamReadPendingCommand(slot));
            if (pending.IsSuccess && pending.CardNumber.AsSpan().SequenceEqual(cardNumber))
                sequences.Add(pending.Sequence);
        }

        if (sequences.Count > 0)
            ReconcileLocked();
        int resolved = 0;
        foreach (uint sequence in sequences)
        {
            if (RecoverOne(purse, sequence) is not null)
                resolved++;
        }

        return resolved;
    }

    /// <summary>BEGIN RECOVERY, GET PROOF, RECOVER PURCHASE; null when the purse cannot prove either way.</summary>
    private PurchaseOutcome? RecoverOne(ICardChannel purse, uint sequence)
    {
        PsamBeginRecoveryResponse begin = _psam.Send(new PsamBeginRecoveryCommand(sequence));
        if (!begin.IsSuccess)
            return null;
        GetProofResponse proof = purse.Send(new GetProofCommand(begin.ProofRequest));
        if (!proof.IsSuccess)
            return null;
        PsamRecoverPurchaseResponse recovered = _psam.Send(new PsamRecoverPurchaseCommand(proof.Data.Span));
        if (!recovered.IsSuccess)
            return null;
        _ledger.SetStatus(_psamId, sequence, recovered.Outcome == PurchaseOutcome.Completed ? PaymentStatus.Completed : PaymentStatus.Void);
        return recovered.Outcome;
    }

    private byte[] Today() => BcdDate.From(DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime));

    private static PaymentResult Declined(StatusWord statusWord, uint amount, int recovered, string message) => new()
    {
        Code = PaymentResultCode.Declined,
        StatusWord = statusWord,
        Amount = amount,
        Recovered = recovered,
        Message = $"{message} ({statusWord})",
    };
}
