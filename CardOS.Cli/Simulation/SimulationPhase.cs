namespace CardOS.Cli.Simulation;

/// <summary>The phases of <see cref="HierarchySimulation"/>, in order.</summary>
internal enum SimulationPhase
{
    /// <summary>Issuing the user cards.</summary>
    IssueUsers,

    /// <summary>Carrying money from the center down to every user.</summary>
    FundUsers,

    /// <summary>The center's key rollover and the interest round down the hierarchy.</summary>
    Interest,

    /// <summary>Random user-to-user payments.</summary>
    Payments,
}
