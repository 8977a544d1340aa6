namespace CardOS.Tests.Storage;

/// <summary>
/// A random workload for the tearing property: files (persistent arrays) of the given lengths, the steps that write
/// them, how much of a torn write lands, and where a second power cut hits the recovery.
/// </summary>
public sealed record TearScript(IReadOnlyList<int> FileLengths, IReadOnlyList<ScriptStep> Steps, double TornFraction, int RecoveryCut)
{
    public override string ToString() =>
        $"files [{string.Join(", ", FileLengths)}], torn fraction {TornFraction}, recovery cut {RecoveryCut}:{Environment.NewLine}  "
        + string.Join(Environment.NewLine + "  ", Steps);
}
