using CardOS.Apdu;
using CardOS.Storage;

namespace CardOS.Tests.Storage;

/// <summary>Done-when 5 of the storage issue, the part that is not a timing: bytes written per commit.</summary>
public class CommitCostTests
{
    private const int Balance = 24;
    private const int Passbook = 36;
    private const int Commits = 100;

    private string _directory = "";

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "cardos-cost-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void CommitTransaction_BalanceAndPassbook_WritesAtMostThreeTimesThePayloadToEeprom()
    {
        using CardImageFile image = CardImageFile.Create(Path.Combine(_directory, "cost.img"), 64 * 1024);
        Eeprom eeprom = image.Eeprom;
        var memory = PersistentMemory.OpenOrFormat(eeprom);
        Aid owner = Aid.Parse("F0434F5342454E4348");
        var balance = new PersistentArray(memory, memory.Allocate(owner, 0, Balance), Balance);
        var passbook = new PersistentArray(memory, memory.Allocate(owner, 1, Passbook), Passbook);
        image.Flush();
        byte[] records = new byte[Balance + Passbook];

        long bytes = eeprom.BytesWritten;
        long writes = eeprom.WriteCount;
        long fileBytes = image.BytesWritten;
        for (int i = 1; i <= Commits; i++)
        {
            records.AsSpan().Fill((byte)i);
            memory.BeginTransaction();
            balance.Write(0, records.AsSpan(0, Balance));
            passbook.Write(0, records.AsSpan(Balance));
            memory.CommitTransaction();
            image.Flush(); // what the card does before it answers the command
        }

        double perCommit = (eeprom.BytesWritten - bytes) / (double)Commits;
        double writesPerCommit = (eeprom.WriteCount - writes) / (double)Commits;
        double filePerCommit = (image.BytesWritten - fileBytes) / (double)Commits;
        TestContext.Out.WriteLine($"{perCommit} EEPROM bytes in {writesPerCommit} writes per commit of {Balance + Passbook} payload bytes ({perCommit / (Balance + Passbook):0.00}x); {filePerCommit} image-file bytes");
        Assert.That(perCommit, Is.LessThanOrEqualTo(3 * (Balance + Passbook)));

        // Four pages change (two of the journal, one per record): one write-ahead record of four pages, then the pages
        // and their page-table entries.
        Assert.That(filePerCommit, Is.EqualTo(16 + (4 * (8 + Eeprom.PageSize)) + 4 + (4 * (Eeprom.PageSize + 8))));
    }
}
