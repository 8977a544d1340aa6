using System.Diagnostics;
using CardOS.Cli.Commands;
using CardOS.Storage;
using CardOS.Tests.Reader.EndToEnd;

namespace CardOS.Tests.Cli;

public class InspectCommandTests
{
    [Test]
    public void Run_ImageWrittenByScript_ShowsObjectsFreeMemoryAndWear()
    {
        string directory = Directory.CreateTempSubdirectory("cardos-inspect-").FullName;
        try
        {
            string image = Path.Combine(directory, "card.img");
            string script = Path.Combine(directory, "write.txt");
            File.WriteAllText(script, "powerup;\napdu 00A4040008F0436172644F5344;\napdu 8014000004;\nexpect 00000001 9000;\n");
            Assert.That(ScriptCommand.Run(script, "diagnostic", image, null, TextWriter.Null, TextWriter.Null, TextWriter.Null), Is.Zero);

            var output = new StringWriter();
            Assert.That(InspectCommand.Run(image, output, TextWriter.Null), Is.Zero);
            string text = output.ToString();
            Assert.That(text, Does.Contain($"image    {image}"));
            Assert.That(text, Does.Contain("format   version 1, 65,536-byte EEPROM in 1,024 pages of 64"));
            Assert.That(text, Does.Match(@"memory   [\d,]+ bytes free; journal 4,096 bytes"));
            Assert.That(text, Does.Match(@"wear     [\d,]+ page writes on [\d,]+ pages; most written: page 0 "));
            Assert.That(text, Does.Contain("objects  1"));
            Assert.That(text, Does.Contain("  applet F0436172644F5344: 1 objects, 4 bytes"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void Run_BlankImage_SaysSoWithoutFormattingIt()
    {
        string path = Path.Combine(Path.GetTempPath(), $"cardos-blank-{Guid.NewGuid():N}.img");
        try
        {
            CardImageFile.Create(path, Eeprom.MinCapacity).Dispose();
            byte[] before = File.ReadAllBytes(path);
            var output = new StringWriter();
            Assert.That(InspectCommand.Run(path, output, TextWriter.Null), Is.Zero);
            Assert.That(output.ToString(), Does.Contain("memory   blank: the card has never been powered up"));
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(before), "inspect writes nothing");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Run_NotAnImage_ExitsTwoNamingTheFile()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "not a card");
            var error = new StringWriter();
            Assert.That(InspectCommand.Run(path, TextWriter.Null, error), Is.EqualTo(2));
            Assert.That(error.ToString(), Does.StartWith("cardos inspect: ").And.Contain(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Run_AfterPowerCutInsideTransaction_ShowsTheCardAfterRecoveryAndWritesNothing()
    {
        string directory = Directory.CreateTempSubdirectory("cardos-inspect-").FullName;
        try
        {
            // The reproducer of the hardening issue: a key update (8042) cut inside its transaction.
            string image = Path.Combine(directory, "center.img");
            Assert.That(IssueCommand.Run(new IssueCommand.IssueSettings("bank-center", image), TextWriter.Null, TextWriter.Null), Is.Zero);
            string script = Path.Combine(directory, "cut.apdu");
            File.WriteAllText(script, "powerup;\napdu 00A4040007F0000668579001;\napdu 0020008209484F4C4445524B4559;\nexpect 9000;\npowercut 18;\napdu 8042000008120120260000000001;\nexpect mute;\n");
            Assert.That(ScriptCommand.Run(script, "bank-center", image, null, TextWriter.Null, TextWriter.Null, TextWriter.Null), Is.Zero);
            byte[] torn = File.ReadAllBytes(image);

            var output = new StringWriter();
            Assert.That(InspectCommand.Run(image, output, TextWriter.Null), Is.Zero);

            string text = output.ToString();
            Assert.That(text, Does.Contain("journal  an interrupted transaction was rolled back ("));
            Assert.That(text, Does.Contain("  KEY_INFO        keys 1-4, updated 11012026"));
            Assert.That(text, Does.Contain("  BALANCE         1,000,000 (currency 01)"));
            Assert.That(text, Does.Contain("  checksum        valid"));
            Assert.That(File.ReadAllBytes(image), Is.EqualTo(torn), "recovery ran on a copy, never on the file");

            // The card, once powered, holds exactly what inspect showed.
            File.WriteAllText(script, "powerup;\napdu 00A4040007F0000668579001;\n");
            Assert.That(ScriptCommand.Run(script, "bank-center", image, null, TextWriter.Null, TextWriter.Null, TextWriter.Null), Is.Zero);
            var after = new StringWriter();
            Assert.That(InspectCommand.Run(image, after, TextWriter.Null), Is.Zero);
            Assert.That(after.ToString(), Does.Not.Contain("journal  an interrupted"));
            Assert.That(after.ToString(), Does.Contain("  KEY_INFO        keys 1-4, updated 11012026"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void Run_FormatCutShort_SaysBlankAndWritesNothing()
    {
        string path = Path.Combine(Path.GetTempPath(), $"cardos-torn-format-{Guid.NewGuid():N}.img");
        try
        {
            // A format cut before its last write: the system header without its version byte.
            using (CardImageFile image = CardImageFile.Create(path, 8192))
            {
                image.Eeprom.Write(0, [0x43, 0x44, 0x4F, 0x53, 0, 0, 0, 0, 0x00, 0x01, 0, 0, 0x10, 0x01, 0, 0]);
                image.Flush();
            }

            byte[] before = File.ReadAllBytes(path);
            var output = new StringWriter();
            Assert.That(InspectCommand.Run(path, output, TextWriter.Null), Is.Zero);
            Assert.That(output.ToString(), Does.Contain("memory   blank: the card has never been powered up"));
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(before), "inspect formats nothing");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Run_PageChecksumMismatchWithAWriteAheadRecordToRedo_RefusesAndWritesNothing()
    {
        string path = Path.Combine(Path.GetTempPath(), $"cardos-redo-{Guid.NewGuid():N}.img");
        try
        {
            CardImageFile.Create(path, 8192).Dispose();
            byte[] blank = File.ReadAllBytes(path);
            using (CardImageFile image = CardImageFile.Open(path))
            {
                image.Eeprom.Write(1000, [1, 2, 3]);
                image.Flush();
            }

            // The record of that flush is whole but was never applied; and page 100 is damaged.
            byte[] bytes = File.ReadAllBytes(path);
            long record = CardImageFile.GetFileLength(8192) - (16 + (128 * 72) + 4);
            bytes.AsSpan((int)record).CopyTo(blank.AsSpan((int)record));
            bytes = blank;
            bytes[record - 8192 + (100 * 64)] ^= 0x10;
            File.WriteAllBytes(path, bytes);
            var error = new StringWriter();

            Assert.That(InspectCommand.Run(path, TextWriter.Null, error), Is.EqualTo(2));

            Assert.That(error.ToString(), Is.EqualTo($"cardos inspect: Card image '{path}': page 100 checksum mismatch.{Environment.NewLine}"));
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(bytes), "a refused image is never changed, not even by its redo");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Run_ImageHeldByACardInThisProcess_ExitsThreeNamingTheHolder()
    {
        string path = Path.Combine(Path.GetTempPath(), $"cardos-held-{Guid.NewGuid():N}.img");
        try
        {
            using CardImageFile held = CardImageFile.Create(path, 8192);
            var error = new StringWriter();

            Assert.That(InspectCommand.Run(path, TextWriter.Null, error), Is.EqualTo(3));

            Assert.That(error.ToString(), Is.EqualTo($"cardos inspect: Card image '{path}': in use by this process.{Environment.NewLine}"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Run_ImageServedByAnotherProcess_ExitsThreeNamingTheServe()
    {
        string directory = Directory.CreateTempSubdirectory("cardos-inspect-").FullName;
        try
        {
            string path = Path.Combine(directory, "alice.img");
            Assert.That(IssueCommand.Run(new IssueCommand.IssueSettings("bank-user", path), TextWriter.Null, TextWriter.Null), Is.Zero);
            byte[] before = File.ReadAllBytes(path);

            // serve holds the image while it keeps trying to reach a vpcd that is not there (it binds nothing).
            var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in new[] { Path.Combine(TestContext.CurrentContext.TestDirectory, "CardOS.Cli.dll"), "serve", "--card", "bank-user", "--image", path, "--port", "47999" })
                info.ArgumentList.Add(argument);
            using Process serve = Process.Start(info)!;
            try
            {
                string? line;
                while ((line = serve.StandardOutput.ReadLine()) is not null && !line.StartsWith("slot 0: image ", StringComparison.Ordinal))
                {
                }

                Assert.That(line, Is.Not.Null, "serve opened the image");
                var error = new StringWriter();

                Assert.That(InspectCommand.Run(path, TextWriter.Null, error), Is.EqualTo(3));

                Assert.That(error.ToString(), Does.StartWith($"cardos inspect: Card image '{path}': in use by process {serve.Id} (CardOS.Cli.dll serve --card bank-user --image "));
            }
            finally
            {
                serve.StandardInput.WriteLine("quit");
                serve.StandardInput.Close();
                if (!serve.WaitForExit(TimeSpan.FromSeconds(60)))
                    serve.Kill(entireProcessTree: true);
                serve.WaitForExit();
            }

            Assert.That(serve.ExitCode, Is.Zero);
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(before), "serve answered nothing, so it wrote nothing");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void Run_ImageOnAReadOnlyFileSystem_Works()
    {
        string directory = Directory.CreateTempSubdirectory("cardos-readonly-").FullName;
        try
        {
            string path = Path.Combine(directory, "alice.img");
            Assert.That(IssueCommand.Run(new IssueCommand.IssueSettings("bank-user", path), TextWriter.Null, TextWriter.Null), Is.Zero);

            // A read-only bind mount refuses writes even to root (a file mode does not), in a mount namespace of its own.
            ProcessResult result = ProcessRunner.Run(
                "unshare",
                ["-rm", "sh", "-c", "mount --bind \"$1\" \"$1\" && mount -o remount,bind,ro \"$1\" && exec \"$2\" \"$3\" inspect \"$4\"", "sh", directory, Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", Path.Combine(TestContext.CurrentContext.TestDirectory, "CardOS.Cli.dll"), path],
                TimeSpan.FromSeconds(60));
            if (result.StandardError.StartsWith("unshare:", StringComparison.Ordinal) || result.StandardError.StartsWith("mount:", StringComparison.Ordinal))
                Assert.Ignore($"no private read-only mount here: {result.StandardError}");

            Assert.That(result.ExitCode, Is.Zero, result.StandardError);
            Assert.That(result.StandardOutput, Does.Contain("  ACCOUNT_NUMBER  1000000000000001"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestCase("fifo")]
    [TestCase("directory")]
    [TestCase("/dev/null")]
    public void Run_NotARegularFile_ExitsTwoWithoutBlocking(string kind)
    {
        string directory = Directory.CreateTempSubdirectory("cardos-irregular-").FullName;
        try
        {
            string path = kind switch
            {
                "fifo" => Path.Combine(directory, "pipe.img"),
                "directory" => directory,
                _ => kind,
            };
            if (kind == "fifo")
                Assert.That(ProcessRunner.Run("mkfifo", [path], TimeSpan.FromSeconds(30)).ExitCode, Is.Zero);
            string what = kind switch
            {
                "fifo" => "a FIFO",
                "directory" => "a directory",
                _ => "a character device",
            };
            string script = Path.Combine(Path.GetTempPath(), $"cardos-irregular-{Guid.NewGuid():N}.apdu");
            File.WriteAllText(script, "powerup;\napdu 00A4040007F0000668579001;\nexpect 9000;\n");
            try
            {
                var error = new StringWriter();
                Assert.That(InspectCommand.Run(path, TextWriter.Null, error), Is.EqualTo(2));
                Assert.That(error.ToString(), Is.EqualTo($"cardos inspect: Card image '{path}': is {what}, not a card image file.{Environment.NewLine}"));

                error = new StringWriter();
                Assert.That(ScriptCommand.Run(script, "diagnostic", path, null, TextWriter.Null, TextWriter.Null, error), Is.EqualTo(2));
                Assert.That(error.ToString(), Is.EqualTo($"cardos script: Card image '{path}': is {what}, not a card image file.{Environment.NewLine}"));

                error = new StringWriter();
                var settings = new ServeSettings(["diagnostic"], [path], 35999, "127.0.0.1", false, null);
                Assert.That(ServeCommand.RunAsync(settings, TextReader.Null, TextWriter.Null, error, new CancellationToken(canceled: true)).GetAwaiter().GetResult(), Is.EqualTo(2));
                Assert.That(error.ToString(), Is.EqualTo($"cardos serve: Card image '{path}': is {what}, not a card image file.{Environment.NewLine}"));
            }
            finally
            {
                File.Delete(script);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void Run_IssuedImage_ShowsTheRecordedProfile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"cardos-profile-{Guid.NewGuid():N}.img");
        try
        {
            Assert.That(IssueCommand.Run(new IssueCommand.IssueSettings("bank-merchant", path), TextWriter.Null, TextWriter.Null), Is.Zero);
            var output = new StringWriter();

            Assert.That(InspectCommand.Run(path, output, TextWriter.Null), Is.Zero);

            Assert.That(output.ToString(), Does.Contain($"profile  bank-merchant{Environment.NewLine}"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
