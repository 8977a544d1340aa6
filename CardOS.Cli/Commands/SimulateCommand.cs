using System.CommandLine;
using System.Globalization;
using CardOS.Apdu;
using CardOS.Applets.BankHierarchy;
using CardOS.Cli.Hosting;
using CardOS.Cli.Simulation;
using Spectre.Console;

namespace CardOS.Cli.Commands;

/// <summary>
/// <c>cardos simulate</c>: the bank hierarchy in-process at scale (<see cref="HierarchySimulation"/>), with a progress
/// bar on a terminal and plain lines when output is redirected; ends with the totals check and the throughput.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var users = new Option<int>("--users") { Description = "Number of user cards (at least 2; at most what fits in memory, about 8 KiB each).", DefaultValueFactory = _ => 100_000 }
            .Ranged(2, int.MaxValue);
        var payments = new Option<int?>("--payments") { Description = "Number of random user-to-user payments (default: one per user)." }
            .Ranged(0, int.MaxValue);
        var seed = new Option<int>("--seed") { Description = "Seed of the random payments: the same seed replays the same run.", DefaultValueFactory = _ => 1 };
        var regions = new Option<int>("--regions") { Description = $"Number of region cards (1 to {SimulationLimits.MaxRegions:N0}).", DefaultValueFactory = _ => 4 }
            .Ranged(1, int.MaxValue);
        var branches = new Option<int>("--branches") { Description = "Number of branch cards under each region (what the regions' reserves and the names allow).", DefaultValueFactory = _ => 8 }
            .Ranged(1, int.MaxValue);
        var profile = new Option<string>("--profile") { Description = "The cards' crypto profile: des (the patent's) or aes.", DefaultValueFactory = _ => "des" }
            .OneOf("des", "aes");
        var command = new Command("simulate", "Simulate the bank hierarchy in-process: a center, regions, branches and N user cards; funding, a key rollover with an interest round, random payments; checks that money is conserved and prints the throughput.")
        {
            users, payments, seed, regions, branches, profile,
        };
        command.SetAction(parse =>
        {
            int n = parse.GetValue(users);
            var settings = new SimulationSettings
            {
                Users = n,
                Payments = parse.GetValue(payments) ?? n,
                Seed = parse.GetValue(seed),
                Regions = parse.GetValue(regions),
                BranchesPerRegion = parse.GetValue(branches),
                Profile = parse.GetValue(profile) == "aes" ? CryptoProfile.Aes : CryptoProfile.Des,
            };
            return Run(settings, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
        });
        return command;
    }

    /// <returns>0 when money is conserved, 1 when not or when a transaction failed, 2 on bad settings.</returns>
    internal static int Run(SimulationSettings settings, TextWriter output, TextWriter error) =>
        Run(settings, SimulationLimits.AvailableBytes, output, error);

    /// <inheritdoc cref="Run(SimulationSettings, TextWriter, TextWriter)"/>
    internal static int Run(SimulationSettings settings, long availableBytes, TextWriter output, TextWriter error)
    {
        if (SimulationLimits.Check(settings, availableBytes) is { } problem)
        {
            error.WriteLine(Messages.Line("cardos simulate", problem));
            return ExitCode.Usage;
        }

        SimulationPhase phase = SimulationPhase.IssueUsers;
        try
        {
            return Simulate(settings, output, reached => phase = reached);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IsoException or CardConnectionException or OutOfMemoryException)
        {
            error.WriteLine(Messages.Line("cardos simulate", $"the simulation failed during {Describe(phase)}: {e.Message}"));
            return ExitCode.Refused;
        }
    }

    private static int Simulate(SimulationSettings settings, TextWriter output, Action<SimulationPhase> reached)
    {

        output.WriteLine(Invariant($"simulating 1 center, {settings.Regions} regions, {settings.Regions * settings.BranchesPerRegion} branches, {settings.Users:N0} users, {settings.Payments:N0} payments (seed {settings.Seed}), {settings.Profile} profile"));
        SimulationResult result;
        if (!Console.IsOutputRedirected && ReferenceEquals(output, Console.Out))
        {
            result = null!;
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    ProgressTask[] tasks = [.. Enum.GetValues<SimulationPhase>().Select(phase => context.AddTask(Describe(phase), autoStart: false))];
                    result = new HierarchySimulation(settings, (phase, done, total) =>
                    {
                        reached(phase);
                        ProgressTask task = tasks[(int)phase];
                        if (!task.IsStarted)
                            task.StartTask();
                        task.MaxValue = Math.Max(1, total);
                        task.Value = done;
                    }).Run();
                });
        }
        else
        {
            var printed = new Dictionary<SimulationPhase, long>();
            result = new HierarchySimulation(settings, (phase, done, total) =>
            {
                reached(phase);
                long tenth = total == 0 ? 10 : done * 10 / total;
                if (printed.TryGetValue(phase, out long last) && last >= tenth)
                    return;
                printed[phase] = tenth;
                output.WriteLine(Invariant($"  {Describe(phase)}: {done:N0}/{total:N0}"));
            }).Run();
        }

        output.WriteLine(Invariant($"created            {result.Created:N0}"));
        output.WriteLine(Invariant($"interest paid      {result.InterestPaid:N0} in {result.InterestCompleted:N0} interest transactions"));
        output.WriteLine(Invariant($"payments           {result.PaymentsCompleted:N0} completed, {result.PaymentsRefused:N0} refused"));
        output.WriteLine(Invariant($"total of balances  {result.Total:N0}; losses {result.Losses:N0}: {(result.IsConserved ? "money conserved" : "MONEY NOT CONSERVED")}"));
        output.WriteLine(Invariant($"memory             {result.BytesPerIdleCard:N0} bytes ({result.BytesPerIdleCard / 1024:N2} KiB) per idle user card"));
        output.WriteLine(Invariant($"throughput         {result.TransactionsPerSecond:N0} card-to-card transactions/s ({result.PaymentsPerSecond:N0} user payments/s)"));
        output.WriteLine(Invariant($"wall time          {result.WallTime.TotalSeconds:N1} s"));
        return result.IsConserved ? ExitCode.Success : ExitCode.Refused;
    }

    private static string Describe(SimulationPhase phase) => phase switch
    {
        SimulationPhase.IssueUsers => "issue users",
        SimulationPhase.FundUsers => "fund users",
        SimulationPhase.Interest => "rollover + interest",
        _ => "payments",
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
