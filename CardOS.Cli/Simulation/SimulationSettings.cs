using CardOS.Applets.BankHierarchy;

namespace CardOS.Cli.Simulation;

/// <summary>What <see cref="HierarchySimulation"/> simulates.</summary>
internal sealed record SimulationSettings
{
    /// <summary>The number of user cards.</summary>
    public int Users { get; init; } = 100_000;

    /// <summary>The number of random user-to-user payments.</summary>
    public int Payments { get; init; } = 100_000;

    /// <summary>The seed of the payment choices (same seed, same run).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The number of region cards.</summary>
    public int Regions { get; init; } = 4;

    /// <summary>The number of branch cards under each region.</summary>
    public int BranchesPerRegion { get; init; } = 8;

    /// <summary>The cards' crypto profile.</summary>
    public CryptoProfile Profile { get; init; } = CryptoProfile.Des;

    /// <summary>What each user card is funded with.</summary>
    public uint UserFunding { get; init; } = 1_000;
}
