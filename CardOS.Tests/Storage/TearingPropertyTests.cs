using CardOS.Apdu;
using CardOS.Storage;

namespace CardOS.Tests.Storage;

/// <summary>
/// Done-when 1 of the storage issue: random sequences of transactional and non-transactional writes, with power cut at
/// every EEPROM write of the sequence (and a second cut inside the recovery that follows).
/// </summary>
public class TearingPropertyTests
{
    private static readonly Aid Owner = Aid.Parse("F0000000AA");

    [FsCheck.NUnit.Property(MaxTest = 1000, Arbitrary = [typeof(TearScriptArbitrary)], QuietOnSuccess = true)]
    public void PowerUp_CutAtEveryWrite_TransactionsAllOrNothingAndCopiesAtomic(TearScript script)
    {
        long writes = new Run(script).Execute(cut: -1);
        Assert.That(writes, Is.GreaterThan(0));
        for (long cut = 0; cut < writes; cut++)
            new Run(script).Execute(cut);
    }

    /// <summary>One execution of a script against a fresh EEPROM, checked against a model of the files.</summary>
    private sealed class Run
    {
        private readonly TearScript _script;
        private readonly Eeprom _eeprom = new(Eeprom.MinCapacity);
        private readonly PersistentMemory _memory;
        private readonly PersistentArray[] _files;
        private readonly byte[][] _model;

        public Run(TearScript script)
        {
            _script = script;
            _memory = PersistentMemory.OpenOrFormat(_eeprom, journalCapacity: 512);
            _files = new PersistentArray[script.FileLengths.Count];
            _model = new byte[script.FileLengths.Count][];
            for (int i = 0; i < _files.Length; i++)
            {
                int length = script.FileLengths[i];
                _files[i] = new PersistentArray(_memory, _memory.Allocate(Owner, (ushort)i, length), length);
                _model[i] = new byte[length];
            }
        }

        /// <summary>Runs the script with power cut at write <paramref name="cut"/> (none if negative); returns the writes it took.</summary>
        public long Execute(long cut)
        {
            long start = _eeprom.WriteCount;
            if (cut >= 0)
                _eeprom.ScheduleTear(cut, _script.TornFraction);

            for (int i = 0; i < _script.Steps.Count; i++)
            {
                ScriptStep step = _script.Steps[i];
                try
                {
                    Apply(step);
                }
                catch (PowerLossException)
                {
                    string where = $"cut at write {cut}, during step {i} ({step})";
                    Recover(where);
                    CheckInterrupted(step, where);
                    for (int rest = i + 1; rest < _script.Steps.Count; rest++)
                    {
                        Apply(_script.Steps[rest]);
                        Record(_script.Steps[rest]);
                    }

                    CheckAll($"{where}, then the rest of the script");
                    return _eeprom.WriteCount - start;
                }

                Record(step);
                CheckAll($"cut at write {cut}, after step {i}");
            }

            Assert.That(cut, Is.LessThan(0).Or.GreaterThanOrEqualTo(_eeprom.WriteCount - start), "the scheduled cut never happened");
            _eeprom.CancelTear();
            return _eeprom.WriteCount - start;
        }

        private void Apply(ScriptStep step)
        {
            switch (step.Kind)
            {
                case ScriptStepKind.CommittedTransaction:
                case ScriptStepKind.AbortedTransaction:
                    _memory.BeginTransaction();
                    foreach (ScriptWrite write in step.Writes)
                        _files[write.File].Write(write.Offset, write.Data);
                    if (step.Kind == ScriptStepKind.CommittedTransaction)
                        _memory.CommitTransaction();
                    else
                        _memory.AbortTransaction();
                    break;
                case ScriptStepKind.AtomicCopy:
                    _files[step.Writes[0].File].Write(step.Writes[0].Offset, step.Writes[0].Data);
                    break;
                default:
                    _files[step.Writes[0].File].WriteNonAtomic(step.Writes[0].Offset, step.Writes[0].Data);
                    break;
            }
        }

        private void Record(ScriptStep step)
        {
            if (step.Kind == ScriptStepKind.AbortedTransaction)
                return;
            foreach (ScriptWrite write in step.Writes)
                write.Data.CopyTo(_model[write.File], write.Offset);
        }

        /// <summary>Powers up, possibly with a second cut inside the recovery, then powers up for good.</summary>
        private void Recover(string where)
        {
            Assert.That(_eeprom.IsPowered, Is.False, where);
            if (_script.RecoveryCut >= 0)
            {
                _eeprom.ScheduleTear(_script.RecoveryCut, 1 - _script.TornFraction);
                try
                {
                    _memory.PowerUp();
                }
                catch (PowerLossException)
                {
                }

                _eeprom.CancelTear();
            }

            _memory.PowerUp();
            Assert.That(_memory.InTransaction, Is.False, where);
        }

        private void CheckInterrupted(ScriptStep step, string where)
        {
            var touched = new HashSet<int>();
            foreach (ScriptWrite write in step.Writes)
                touched.Add(write.File);

            for (int f = 0; f < _files.Length; f++)
            {
                if (!touched.Contains(f))
                    Assert.That(_files[f].Span.ToArray(), Is.EqualTo(_model[f]), $"{where}: untouched file {f} changed");
            }

            if (step.Kind == ScriptStepKind.NonAtomicCopy)
            {
                // A plain write may tear: a prefix of the new bytes, the rest old; nothing outside the write changes.
                ScriptWrite write = step.Writes[0];
                byte[] actual = _files[write.File].Span.ToArray();
                byte[] before = _model[write.File];
                Assert.That(actual.AsSpan(0, write.Offset).SequenceEqual(before.AsSpan(0, write.Offset)), $"{where}: bytes before the torn write changed");
                int end = write.Offset + write.Data.Length;
                Assert.That(actual.AsSpan(end).SequenceEqual(before.AsSpan(end)), $"{where}: bytes after the torn write changed");
                int landed = 0;
                while (landed < write.Data.Length && actual[write.Offset + landed] == write.Data[landed])
                    landed++;
                Assert.That(actual.AsSpan(write.Offset + landed, write.Data.Length - landed).SequenceEqual(before.AsSpan(write.Offset + landed, write.Data.Length - landed)),
                    $"{where}: the torn write is not a prefix of new bytes over old ones");
                actual.CopyTo(_model[write.File], 0);
                return;
            }

            // A transaction (or an atomic copy) leaves every file it touched in its before-state, or every one in its
            // after-state: never a mix, and never one file before and another after.
            byte[][] after = new byte[_model.Length][];
            for (int f = 0; f < _model.Length; f++)
                after[f] = (byte[])_model[f].Clone();
            if (step.Kind != ScriptStepKind.AbortedTransaction)
            {
                foreach (ScriptWrite write in step.Writes)
                    write.Data.CopyTo(after[write.File], write.Offset);
            }

            bool allBefore = true;
            bool allAfter = true;
            foreach (int f in touched)
            {
                byte[] actual = _files[f].Span.ToArray();
                allBefore &= actual.AsSpan().SequenceEqual(_model[f]);
                allAfter &= actual.AsSpan().SequenceEqual(after[f]);
            }

            Assert.That(allBefore || allAfter, Is.True, $"{where}: the files it touched hold neither their before- nor their after-state");
            if (!allBefore)
                Array.Copy(after, _model, after.Length);
        }

        private void CheckAll(string where)
        {
            for (int f = 0; f < _files.Length; f++)
                Assert.That(_files[f].Span.ToArray(), Is.EqualTo(_model[f]), $"{where}: file {f}");
            Assert.That(_memory.InTransaction, Is.False, where);
        }
    }
}
