namespace CardOS.Cli.Commands;

/// <summary>What <c>cardos serve</c> was asked to do.</summary>
/// <param name="Cards">The card profiles, one per slot.</param>
/// <param name="Images">Card image files, one per card in order; empty for cards in memory.</param>
/// <param name="Port">vpcd's port for slot 0.</param>
/// <param name="Host">vpcd's address, or the address to listen on in reversed mode.</param>
/// <param name="Reversed">Listen for vpcd instead of connecting to it.</param>
/// <param name="Trace">Where the APDU trace goes: null for none, <see cref="StandardOutput"/> for standard output, else a file path.</param>
/// <param name="ConnectTimeout">How long every slot may wait for its first link to vpcd before serve gives up (exit 3); null: forever.</param>
/// <param name="TraceSecrets">Show secret command data (PINs, keys) in the trace instead of masking it.</param>
internal sealed record ServeSettings(IReadOnlyList<string> Cards, IReadOnlyList<string> Images, int Port, string Host, bool Reversed, string? Trace, TimeSpan? ConnectTimeout = null, bool TraceSecrets = false)
{
    /// <summary>The <see cref="Trace"/> value for standard output.</summary>
    public const string StandardOutput = "-";

    /// <summary>Run each <see cref="Cards"/> profile on its image even if the image was issued as another profile (<c>--any-profile</c>).</summary>
    public bool AnyProfile { get; init; }
}
