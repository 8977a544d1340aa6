using System.Globalization;
using CardOS.Applets.BankHierarchy;

namespace CardOS.Cli.Simulation;

/// <summary>
/// The largest simulation <see cref="HierarchySimulation"/> can run, and why: card names have seven digits, a bank's
/// reserve must pay the interest of the cards below it, and every card must fit in memory. <see cref="Check"/> says
/// which setting is too large (with its largest accepted value) before anything is built.
/// </summary>
internal static class SimulationLimits
{
    /// <summary>Card names are a letter and seven digits (U0000001, B0000001, R0000001).</summary>
    public const int MaxNumbered = 9_999_999;

    /// <summary>What one idle user card takes, measured (docs/BENCHMARKS.md: about 7.2 KB) with room for the arrays.</summary>
    public const long BytesPerUserCard = 8 * 1024;

    /// <summary>What one bank card (a full journal and four logical channels) takes, with room.</summary>
    public const long BytesPerBankCard = 32 * 1024;

    /// <summary>Interest at most one card earns in the simulation's interest round on <paramref name="balance"/> (rounded up).</summary>
    public static long InterestBound(long balance) =>
        (balance * BankTestCards.TestInterest * HierarchySimulation.InterestDays / 1_000_000_000) + 1;

    /// <summary>The largest number of regions: the center's reserve pays each region's interest.</summary>
    public static int MaxRegions => (int)Math.Min(MaxNumbered, HierarchySimulation.CenterReserve / InterestBound(HierarchySimulation.RegionReserve));

    /// <summary>The memory the simulation may use: most of what the GC says is available.</summary>
    public static long AvailableBytes => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * 8 / 10;

    /// <summary>The first setting that is out of range, as one sentence naming the option, the reason and the largest accepted value; null when the simulation can run.</summary>
    /// <param name="settings">What to simulate.</param>
    /// <param name="availableBytes">The memory it may take.</param>
    public static string? Check(SimulationSettings settings, long availableBytes)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Users < 2)
            return Text($"--users {settings.Users:N0} is too small: a payment needs two user cards, so it accepts 2 to {MaxUsers(settings, availableBytes):N0}");
        if (settings.Payments < 0)
            return Text($"--payments {settings.Payments:N0} is negative: it accepts 0 to {int.MaxValue:N0}");
        if (settings.Regions < 1)
            return Text($"--regions {settings.Regions:N0} is too small: it accepts 1 to {MaxRegions:N0}");
        if (settings.Regions > MaxRegions)
            return Text($"--regions {settings.Regions:N0} is too large: the center's reserve of {HierarchySimulation.CenterReserve:N0} pays each region about {InterestBound(HierarchySimulation.RegionReserve):N0} interest, so it accepts at most {MaxRegions:N0}");
        if (settings.BranchesPerRegion < 1)
            return Text($"--branches {settings.BranchesPerRegion:N0} is too small: it accepts 1 to {MaxBranchesPerRegion(settings):N0}");
        long branches = (long)settings.Regions * settings.BranchesPerRegion;
        if (branches > MaxNumbered)
            return Text($"--regions {settings.Regions:N0} x --branches {settings.BranchesPerRegion:N0} is {branches:N0} branch cards: branch names have seven digits, so --branches accepts at most {MaxNumbered / settings.Regions:N0} with {settings.Regions:N0} regions");
        long bankBytes = BankCardCount(settings) * BytesPerBankCard;
        if (bankBytes > availableBytes)
            return Text($"--regions {settings.Regions:N0} x --branches {settings.BranchesPerRegion:N0} is {BankCardCount(settings):N0} bank cards needing about {bankBytes >> 20:N0} MiB ({BytesPerBankCard / 1024} KiB each) but {availableBytes >> 20:N0} MiB are available: --branches accepts at most {Math.Max(0, (availableBytes / BytesPerBankCard) - 1 - settings.Regions) / settings.Regions:N0} with {settings.Regions:N0} regions");
        long maxUsers = MaxUsers(settings, availableBytes);
        if (settings.Users > maxUsers && maxUsers < MaxNumbered)
            return Text($"--users {settings.Users:N0} needs about {NeededBytes(settings) >> 20:N0} MiB ({BytesPerUserCard / 1024} KiB per user card) but {availableBytes >> 20:N0} MiB are available: with these banks it accepts at most {maxUsers:N0}");
        if (settings.Users > MaxNumbered)
            return Text($"--users {settings.Users:N0} is too large: user names have seven digits, so it accepts at most {MaxNumbered:N0}");
        long usersPerBranch = (settings.Users + branches - 1) / branches;
        if (BranchBalanceBound(settings, usersPerBranch) > MaxBranchBalance(settings))
        {
            long most = MaxBranchBalance(settings) / (BranchBalanceBound(settings, HierarchySimulation.FundingChunk) / HierarchySimulation.FundingChunk) * branches;
            return Text($"--users {settings.Users:N0} puts {usersPerBranch:N0} users under each of {branches:N0} branches, whose reserves would pass a card's balance limit of {BankBalance.MaxAmount:N0}: with these branches it accepts at most {most:N0} (or give more --regions or --branches)");
        }

        if (settings.BranchesPerRegion > MaxBranchesPerRegion(settings))
            return Text($"--branches {settings.BranchesPerRegion:N0} is too large: a region's reserve of {HierarchySimulation.RegionReserve:N0} pays its branches' interest, so with {settings.Users:N0} users it accepts at most {MaxBranchesPerRegion(settings):N0}");
        return null;
    }

    /// <summary>The memory the cards of <paramref name="settings"/> take, roughly.</summary>
    public static long NeededBytes(SimulationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return (settings.Users * BytesPerUserCard) + (BankCardCount(settings) * BytesPerBankCard);
    }

    private static long BankCardCount(SimulationSettings settings) =>
        1 + settings.Regions + ((long)Math.Max(1, settings.Regions) * Math.Max(1, settings.BranchesPerRegion));

    private static long MaxUsers(SimulationSettings settings, long availableBytes)
    {
        long byMemory = Math.Max(0, (availableBytes - (BankCardCount(settings) * BytesPerBankCard)) / BytesPerUserCard);
        return Math.Min(MaxNumbered, byMemory);
    }

    /// <summary>
    /// The most branches per region whose interest a region's reserve pays: each branch keeps a reserve of its users'
    /// funding (<see cref="HierarchySimulation.Reserve"/>) and earns interest on it.
    /// </summary>
    private static long MaxBranchesPerRegion(SimulationSettings settings)
    {
        int regions = Math.Max(1, settings.Regions);
        long best = 1;
        long low = 1;
        long high = MaxNumbered / regions;
        while (low <= high)
        {
            long mid = low + ((high - low) / 2);
            if (RegionInterestBound(settings, regions, mid) <= HierarchySimulation.RegionReserve)
            {
                best = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return best;
    }

    /// <summary>A branch's balance may reach this with a chunk of funding in transit.</summary>
    private static long MaxBranchBalance(SimulationSettings settings) =>
        BankBalance.MaxAmount - BranchBalanceBound(settings, HierarchySimulation.FundingChunk) - (HierarchySimulation.FundingChunk * (long)settings.UserFunding) - InterestBound(BankBalance.MaxAmount);

    /// <summary>The most a branch with <paramref name="usersPerBranch"/> users keeps: a reserve per chunk of their funding.</summary>
    private static long BranchBalanceBound(SimulationSettings settings, long usersPerBranch)
    {
        long chunks = (usersPerBranch + HierarchySimulation.FundingChunk - 1) / HierarchySimulation.FundingChunk;
        return (chunks * HierarchySimulation.Reserve(0)) + (usersPerBranch * settings.UserFunding / 50) + 1;
    }

    /// <summary>The most interest one region pays its <paramref name="branchesPerRegion"/> branches.</summary>
    private static long RegionInterestBound(SimulationSettings settings, int regions, long branchesPerRegion)
    {
        long branches = regions * branchesPerRegion;
        long usersPerBranch = (settings.Users + branches - 1) / branches;
        long perBranch = BranchBalanceBound(settings, usersPerBranch);
        return branchesPerRegion + InterestBound(branchesPerRegion * perBranch);
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
