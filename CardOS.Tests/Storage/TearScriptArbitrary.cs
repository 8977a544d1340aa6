using FsCheck;
using FsCheck.Fluent;

namespace CardOS.Tests.Storage;

/// <summary>FsCheck generator and shrinker for <see cref="TearScript"/>.</summary>
public static class TearScriptArbitrary
{
    public static Arbitrary<TearScript> TearScript() => Arb.From(Script, Shrink);

    private static Gen<TearScript> Script =>
        from fileCount in Gen.Choose(1, 4)
        from lengths in Gen.Choose(1, 40).ArrayOf(fileCount)
        from steps in Gen.Choose(1, 10).SelectMany(n => Step(lengths).ArrayOf(n))
        from fraction in Gen.Choose(0, 999).Select(i => i / 1000.0)
        from recoveryCut in Gen.Choose(-1, 12)
        select new TearScript(lengths, steps, fraction, recoveryCut);

    private static Gen<ScriptStep> Step(int[] lengths) =>
        from kind in Gen.Frequency(
            (4, Gen.Constant(ScriptStepKind.CommittedTransaction)),
            (1, Gen.Constant(ScriptStepKind.AbortedTransaction)),
            (2, Gen.Constant(ScriptStepKind.AtomicCopy)),
            (2, Gen.Constant(ScriptStepKind.NonAtomicCopy)))
        from count in kind is ScriptStepKind.AtomicCopy or ScriptStepKind.NonAtomicCopy ? Gen.Constant(1) : Gen.Choose(1, 4)
        from writes in Write(lengths).ArrayOf(count)
        select new ScriptStep(kind, writes);

    // Offsets and lengths come from a small range so that writes often repeat an earlier one's place and size:
    // that is where a journal entry lands on top of a stale entry that looks just like it.
    private static Gen<ScriptWrite> Write(int[] lengths) =>
        from file in Gen.Choose(0, lengths.Length - 1)
        from offset in Gen.Choose(0, Math.Min(3, lengths[file] - 1))
        from length in Gen.Choose(1, Math.Min(8, lengths[file] - offset))
        from data in Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(length)
        select new ScriptWrite(file, offset, data);

    private static IEnumerable<TearScript> Shrink(TearScript script)
    {
        for (int i = 0; i < script.Steps.Count; i++)
        {
            if (script.Steps.Count > 1)
                yield return script with { Steps = [.. script.Steps.Take(i), .. script.Steps.Skip(i + 1)] };
            ScriptStep step = script.Steps[i];
            for (int w = 0; step.Writes.Count > 1 && w < step.Writes.Count; w++)
            {
                ScriptStep smaller = step with { Writes = [.. step.Writes.Take(w), .. step.Writes.Skip(w + 1)] };
                yield return script with { Steps = [.. script.Steps.Take(i), smaller, .. script.Steps.Skip(i + 1)] };
            }
        }
    }
}
