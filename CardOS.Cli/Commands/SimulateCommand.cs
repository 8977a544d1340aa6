using System.CommandLine;
using System.Globalization;
using CardOS.Applets.BankHierarchy;
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
        var users = new Option<int>("--users") { Description = "Number of user cards.", DefaultValueFactory = _ => 100_000 };
        var payments = new Option<int>("--payments") { Description = "Number of random user-to-user payments (default: one per user).", DefaultValueFactory = _ => -1 };
        var seed = new Option<int>("--seed") { Description = "Seed of the random payments: the same seed replays the same run.", DefaultValueFactory = _ => 1 };
        var regions = new Option<int>("--regions") { Description = "Number of region cards.", DefaultValueFactory = _ => 4 };
        var branches = new Option<int>("--branches") { Description = "Number of branch cards under each region.", DefaultValueFactory = _ => 8 };
        var profile = new Option<string>("--profile") { Description = "The cards' crypto profile: des (the patent's) or aes.", DefaultValueFactory = _ => "des" };
        profile.AcceptOnlyFromAmong("des", "aes");
        var command = new Command("simulate", "Simulate the bank hierarchy in-process: a center, regions, branches and N user cards; funding, a key rollover with an interest round, random payments; checks that money is conserved and prints the throughput.")
        {
            users, payments, seed, regions, branches, profile,
        };
        command.SetAction(parse =>
        {
            int n = parse.GetValue(users);
            int p = parse.GetValue(payments);
            var settings = new SimulationSettings
            {
                Users = n,
                Payments = p < 0 ? n : p,
                Seed = parse.GetValue(seed),
                Regions = parse.GetValue(regions),
                BranchesPerRegion = parse.GetValue(branches),
                Profile = parse.GetValue(profile) == "aes" ? CryptoProfile.Aes : CryptoProfile.Des,
            };
            return Run(settings, Console.Out, Console.Error);
        });
        return command;
    }

    /// <returns>0 when money is conserved, 1 when not, 2 on bad settings.</returns>
    internal static int Run(SimulationSettings settings, TextWriter output, TextWriter error)
    {
        if (settings.Users < 2 || settings.Payments < 0 || settings.Regions < 1 || settings.BranchesPerRegion < 1)
        {
            error.WriteLine("cardos simulate: --users must be at least 2, --payments at least 0, --regions and --branches at least 1.");
            return 2;
        }

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
        return result.IsConserved ? 0 : 1;
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
