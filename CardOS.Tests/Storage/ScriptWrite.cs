namespace CardOS.Tests.Storage;

/// <summary>One write of a <see cref="TearScript"/>: <see cref="Data"/> at <see cref="Offset"/> of file <see cref="File"/>.</summary>
public sealed record ScriptWrite(int File, int Offset, byte[] Data)
{
    public override string ToString() => $"f{File}[{Offset}..{Offset + Data.Length})={Convert.ToHexString(Data)}";
}
