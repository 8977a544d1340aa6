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
    public void Parse_UnknownProfile_IsRefusedNamingTheChoices()
    {
        ParseResult parse = SimulateCommand.Create().Parse(["--users", "10", "--profile", "rsa"]);

        Assert.That(parse.Errors, Has.Count.EqualTo(1));
        Assert.That(parse.Errors[0].Message, Does.Contain("rsa").And.Contain("des").And.Contain("aes"));
    }
}
