using CardOS.Cli.Commands;
using CardOS.Storage;

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
            CardImageFile.Create(path, 8192).Dispose();
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
}
