namespace CardOS.Tests.Storage;

/// <summary>One step of a <see cref="TearScript"/>: a transaction of several writes, or a single copy.</summary>
public sealed record ScriptStep(ScriptStepKind Kind, IReadOnlyList<ScriptWrite> Writes)
{
    public override string ToString() => $"{Kind}({string.Join(", ", Writes)})";
}
