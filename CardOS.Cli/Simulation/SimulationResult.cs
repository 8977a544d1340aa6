namespace CardOS.Cli.Simulation;

/// <summary>The totals and figures of one <see cref="HierarchySimulation"/> run.</summary>
internal sealed record SimulationResult
{
    /// <summary>Money created at the center.</summary>
    public required long Created { get; init; }

    /// <summary>The sum of every card's balance at the end.</summary>
    public required long Total { get; init; }

    /// <summary>Documented exchange losses (none without power cuts).</summary>
    public required long Losses { get; init; }

    /// <summary>Payments that completed.</summary>
    public required int PaymentsCompleted { get; init; }

    /// <summary>Payments a card refused (for example the payer's balance was too low).</summary>
    public required int PaymentsRefused { get; init; }

    /// <summary>Interest transactions that completed (center to regions, regions to branches, branches to users).</summary>
    public required int InterestCompleted { get; init; }

    /// <summary>Interest paid down the hierarchy in total.</summary>
    public required long InterestPaid { get; init; }

    /// <summary>Managed memory per idle user card (GC.GetTotalMemory after issuing and funding, minus before, divided by N).</summary>
    public required double BytesPerIdleCard { get; init; }

    /// <summary>Completed card-to-card transactions (funding, interest, payments) per second of their phases.</summary>
    public required double TransactionsPerSecond { get; init; }

    /// <summary>Completed user-to-user payments per second.</summary>
    public required double PaymentsPerSecond { get; init; }

    /// <summary>The whole run's wall time.</summary>
    public required TimeSpan WallTime { get; init; }

    /// <summary>Whether money is conserved: total = created - losses.</summary>
    public bool IsConserved => Total == Created - Losses;
}
