using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using CardOS.Cli.Commands;
using CardOS.Runtime;
using CardOS.Storage;

namespace CardOS.Tests.Storage;

/// <summary>
/// Done-when 2 of the storage issue: a child process commits to an image file in a loop and is SIGKILLed at random
/// moments; after every kill the image reopens consistently and holds the last commit the child reported.
/// </summary>
public class ImageCrashTests
{
    private const int Kills = 50;

    private string _directory = "";

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "cardos-crash-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void Open_CommitLoopKilledAtRandomMoments_ConsistentWithLastReportedCommit()
    {
        string cli = Path.Combine(TestContext.CurrentContext.TestDirectory, "CardOS.Cli.dll");
        Assert.That(File.Exists(cli), Is.True, cli);
        string path = Path.Combine(_directory, "loop.img");
        int seed = Environment.TickCount;
        var random = new Random(seed);
        TestContext.Out.WriteLine($"seed {seed}");

        uint confirmed = 0;
        int killedWhileCommitting = 0;
        for (int round = 0; round < Kills; round++)
        {
            (uint? reported, bool committing) = RunAndKill(cli, path, random);
            killedWhileCommitting += committing ? 1 : 0;

            uint last = reported ?? confirmed;
            if (!File.Exists(path))
            {
                // Killed while creating the image: it appears whole (written aside, then renamed) or not at all.
                Assert.That(reported, Is.Null, $"round {round}: commits were reported but there is no image");
                continue;
            }

            uint found = ReadCounter(path, $"round {round}");
            Assert.That(found, Is.EqualTo(last).Or.EqualTo(last + 1),
                $"round {round}: the child last reported commit {last}; the image holds {found}");
            confirmed = found;
        }

        TestContext.Out.WriteLine($"{Kills} kills, {killedWhileCommitting} while committing; last commit {confirmed}");
        Assert.That(killedWhileCommitting, Is.GreaterThanOrEqualTo(Kills / 2), "most kills land inside the commit loop");
    }

    /// <summary>Starts the loop, kills it (SIGKILL) at a random moment; returns the last commit it reported and whether it had begun reporting.</summary>
    private static (uint? Reported, bool Committing) RunAndKill(string cli, string path, Random random)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(cli);
        start.ArgumentList.Add("image-commit-loop");
        start.ArgumentList.Add("--image");
        start.ArgumentList.Add(path);

        using var process = Process.Start(start)!;
        var firstLine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        uint? reported = null;
        Task reading = Task.Run(() =>
        {
            // Only whole lines count: a line cut by the kill is not a report.
            while (process.StandardOutput.ReadLine() is string line)
            {
                string[] words = line.Split(' ');
                if (words.Length == 3 && words[0] == "commit" && words[2] == "ok")
                {
                    reported = uint.Parse(words[1], CultureInfo.InvariantCulture);
                    firstLine.TrySetResult();
                }
            }
        });
        Task<string> errors = process.StandardError.ReadToEndAsync();

        bool committing = random.Next(5) != 0;
        if (committing)
        {
            // Inside the loop: a random moment among the commits.
            Assert.That(firstLine.Task.Wait(TimeSpan.FromSeconds(30)), Is.True, "the child never reported a commit");
            Thread.Sleep(random.Next(0, 25));
        }
        else
        {
            // Anywhere: during start-up, the image's redo and recovery, or the first commits.
            Thread.Sleep(random.Next(0, 250));
        }

        if (process.HasExited)
            Assert.Fail($"the child ended by itself: {errors.Result}");
        process.Kill(); // SIGKILL on Unix
        process.WaitForExit();
        reading.Wait();
        return (reported, committing);
    }

    private static uint ReadCounter(string path, string where)
    {
        using CardImageFile image = CardImageFile.Open(path);
        var card = new Card(new CardOptions { EepromCapacity = image.Capacity }, image);
        card.Install(CommitLoopApplet.AppletAid, context => new CommitLoopApplet(context), isDefault: true);
        card.PowerOn();
        byte[] response = card.Transmit([0x80, CommitLoopApplet.InsRead, 0x00, 0x00, 0x00]);

        int records = CommitLoopApplet.BalanceLength + CommitLoopApplet.PassbookLength;
        Assert.That(response, Has.Length.EqualTo(4 + records + 2), where);
        uint counter = BinaryPrimitives.ReadUInt32BigEndian(response);

        // Commit 0 is the state before the first INCREMENT (a kill after the image and the applet's objects exist but
        // before the first commit): the objects are still as allocated, all zeros. Every later commit wrote its records.
        byte[] expected = new byte[records];
        if (counter > 0)
            CommitLoopApplet.FillRecords(counter, expected.AsSpan(0, CommitLoopApplet.BalanceLength), expected.AsSpan(CommitLoopApplet.BalanceLength));
        Assert.That(response.AsSpan(4, records).ToArray(), Is.EqualTo(expected),
            counter > 0 ? $"{where}: BALANCE and PASSBOOK belong to commit {counter}" : $"{where}: no commit yet, so BALANCE and PASSBOOK are as allocated (zeros)");
        return counter;
    }
}
