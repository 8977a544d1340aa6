using CardOS.Cli.Commands;

namespace CardOS.Tests.BankHierarchy;

public class BankDemoTests
{
    [Test]
    public void Demo_BankSection_ConservesMoneyAndPaysInterest()
    {
        using var output = new StringWriter();
        using (var printer = new ApduTracePrinter(output))
            BankDemoSection.Run(printer);
        string text = output.ToString();
        Assert.That(text, Does.Contain("total 100000 = 100000 created"));
        Assert.That(text, Does.Contain("BRANCH1 gives ALICE interest and key 6").And.Contain("Completed: interest 5"));
        Assert.That(text, Does.Not.Contain("Step"));
    }
}
