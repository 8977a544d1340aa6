namespace CardOS.Applets.BankHierarchy;

/// <summary>
/// The patent's field mixing (FIG. 6): a packet's 8-byte groups are interleaved two bytes at a time before
/// encryption, so every cipher block carries two bytes of each field.
/// </summary>
internal static class PacketCodec
{
    /// <summary>The size of every packet field.</summary>
    public const int GroupSize = 8;

    /// <summary>Mixes n groups of 8 bytes: g0[0..1] g1[0..1] ... g(n-1)[0..1] g0[2..3] ... g(n-1)[6..7].</summary>
    public static void Interleave(ReadOnlySpan<byte> groups, Span<byte> mixed)
    {
        int n = groups.Length / GroupSize;
        for (int pair = 0; pair < GroupSize / 2; pair++)
        {
            for (int group = 0; group < n; group++)
            {
                int to = 2 * ((pair * n) + group);
                int from = (group * GroupSize) + (2 * pair);
                mixed[to] = groups[from];
                mixed[to + 1] = groups[from + 1];
            }
        }
    }

    /// <summary>Undoes <see cref="Interleave"/>.</summary>
    public static void Deinterleave(ReadOnlySpan<byte> mixed, Span<byte> groups)
    {
        int n = mixed.Length / GroupSize;
        for (int pair = 0; pair < GroupSize / 2; pair++)
        {
            for (int group = 0; group < n; group++)
            {
                int from = 2 * ((pair * n) + group);
                int to = (group * GroupSize) + (2 * pair);
                groups[to] = mixed[from];
                groups[to + 1] = mixed[from + 1];
            }
        }
    }
}
