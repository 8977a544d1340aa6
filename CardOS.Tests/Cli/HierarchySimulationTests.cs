using System.CommandLine;
using CardOS.Applets.BankHierarchy;
using CardOS.Cli.Commands;
using CardOS.Cli.Simulation;

namespace CardOS.Tests.Cli;

public class HierarchySimulationTests
{
    [TestCase(CryptoProfile.Des)]
    [TestCase(CryptoProfile.Aes)]
    public void Run_200Users_ConservesMoneyAndCompletesEveryPayment(CryptoProfile profile)
    {
        var settings = new SimulationSettings { Users = 200, Payments = 500, Seed = 7, Regions = 2, BranchesPerRegion = 3, Profile = profile };

        SimulationResult result = new HierarchySimulation(settings).Run();

        Assert.That(result.Losses, Is.Zero);
        Assert.That(result.Total, Is.EqualTo(result.Created), "money conserved: balances sum to the money created");
        Assert.That(result.IsConserved, Is.True);
        Assert.That(result.InterestCompleted, Is.EqualTo(2 + 6 + 200));
        Assert.That(result.PaymentsCompleted + result.PaymentsRefused, Is.EqualTo(500));
        Assert.That(result.PaymentsCompleted, Is.EqualTo(500), "payments of 1-99 out of 1,000 balances are never refused");
        Assert.That(result.InterestPaid, Is.GreaterThan(0), "every card but the center earns interest for the month before the rollover");
        Assert.That(result.BytesPerIdleCard, Is.GreaterThan(0));
    }

    [Test]
    public void Run_SameSeed_ReplaysTheSameTotals()
    {
        var settings = new SimulationSettings { Users = 50, Payments = 200, Seed = 3, Regions = 1, BranchesPerRegion = 2 };

        SimulationResult first = new HierarchySimulation(settings).Run();
        SimulationResult second = new HierarchySimulation(settings).Run();

        Assert.That((second.Created, second.Total, second.PaymentsCompleted, second.InterestPaid), Is.EqualTo((first.Created, first.Total, first.PaymentsCompleted, first.InterestPaid)));
    }

    [Test]
    public void SimulateCommand_RedirectedOutput_PrintsPlainLinesAndTheConservationVerdict()
    {
        var output = new StringWriter();

        int exit = SimulateCommand.Run(new SimulationSettings { Users = 20, Payments = 20, Regions = 1, BranchesPerRegion = 1 }, output, TextWriter.Null);

        Assert.That(exit, Is.Zero);
        string text = output.ToString();
        Assert.That(text, Does.Contain("payments: 20/20"));
        Assert.That(text, Does.Contain("money conserved"));
        Assert.That(text, Does.Match(@"throughput +[\d,]+ card-to-card transactions/s"));
    }

    [Test]
    public void SimulateCommand_400Regions_CompletesWithMoneyConserved()
    {
        // The center's reserve used to pay at most about 330 regions' interest: 400 died with 9401 at Step2.
        int exit = SimulateCommand.Run(new SimulationSettings { Users = 10, Payments = 10, Regions = 400, BranchesPerRegion = 1 }, TextWriter.Null, TextWriter.Null);

        Assert.That(exit, Is.Zero);
    }

    [Test]
    public void SimulateCommand_TheLargestAcceptedRegionCount_Completes()
    {
        var output = new StringWriter();

        int exit = SimulateCommand.Run(new SimulationSettings { Users = 2, Payments = 1, Regions = SimulationLimits.MaxRegions, BranchesPerRegion = 1 }, output, TextWriter.Null);

        Assert.That(exit, Is.Zero, output.ToString());
        Assert.That(output.ToString(), Does.Contain("money conserved"));
    }

    [TestCase(4000, 8, 10, "cardos simulate: --regions 4,000 is too large: the center's reserve of 10,000,000 pays each region about 3,001 interest, so it accepts at most 3,332.")]
    [TestCase(1000, 100_000, 10, "cardos simulate: --regions 1,000 x --branches 100,000 is 100,000,000 branch cards: branch names have seven digits, so --branches accepts at most 9,999 with 1,000 regions.")]
    [TestCase(3000, 3000, 10, "cardos simulate: --regions 3,000 x --branches 3,000 is 9,003,001 bank cards needing about 281,343 MiB (32 KiB each) but 1,024 MiB are available: --branches accepts at most 9 with 3,000 regions.")]
    [TestCase(4, 8, 2_000_000_000, "cardos simulate: --users 2,000,000,000 needs about 15,625,001 MiB (8 KiB per user card) but 1,024 MiB are available: with these banks it accepts at most 130,924.")]
    [TestCase(1, 2_000_000, 10, "cardos simulate: --regions 1 x --branches 2,000,000 is 2,000,002 bank cards needing about 62,500 MiB (32 KiB each) but 1,024 MiB are available: --branches accepts at most 32,766 with 1 regions.")]
    [TestCase(4, 8, 1, "cardos simulate: --users 1 is too small: a payment needs two user cards, so it accepts 2 to 130,924.")]
    public void SimulateCommand_SizeOutOfRange_ExitsTwoWithTheReasonAndTheLargestAcceptedValue(int regions, int branches, int users, string expected)
    {
        var error = new StringWriter();
        var output = new StringWriter();

        int exit = SimulateCommand.Run(new SimulationSettings { Users = users, Payments = 1, Regions = regions, BranchesPerRegion = branches }, availableBytes: 1L << 30, output, error);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error.ToString(), Is.EqualTo(expected + Environment.NewLine));
        Assert.That(output.ToString(), Is.Empty, "nothing was built");
    }

    [Test]
    public void SimulateCommand_MoreBranchesThanARegionsReservePays_ExitsTwoNamingTheLimit()
    {
        var error = new StringWriter();

        int exit = SimulateCommand.Run(new SimulationSettings { Users = 10, Payments = 1, Regions = 1, BranchesPerRegion = 2_000_000 }, availableBytes: 1L << 40, TextWriter.Null, error);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error.ToString(), Is.EqualTo("cardos simulate: --branches 2,000,000 is too large: a region's reserve of 1,000,000 pays its branches' interest, so with 10 users it accepts at most 246,123." + Environment.NewLine));
    }

    [Test]
    public void SimulateCommand_ATransactionFailsInside_ReportsItInOneLineAndExitsOne()
    {
        // Nothing the command line accepts makes a transaction fail; a funding of zero does (a payment of 0 is refused).
        var error = new StringWriter();

        int exit = SimulateCommand.Run(new SimulationSettings { Users = 4, Payments = 1, Regions = 1, BranchesPerRegion = 1, UserFunding = 0 }, TextWriter.Null, error);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error.ToString(), Does.Match(@"^cardos simulate: the simulation failed during [a-z +]+: [^\n]+\.\r?\n$"));
    }

    [Test]
    public async Task CommandLine_NegativePayments_IsAParseErrorExitTwo()
    {
        (int exit, _, string[] errors) = await CommandLineTests.Run("simulate --users 10 --payments -5");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(errors[0], Is.EqualTo("cardos simulate: --payments: -5 is out of range: it accepts a whole number from 0 to 2,147,483,647."));
    }

    [Test]
    public void Parse_UnknownProfile_IsRefusedNamingTheChoices()
    {
        ParseResult parse = SimulateCommand.Create().Parse(["--users", "10", "--profile", "rsa"]);

        Assert.That(parse.Errors, Has.Count.EqualTo(1));
        Assert.That(parse.Errors[0].Message, Does.Contain("rsa").And.Contain("des").And.Contain("aes"));
    }
}
