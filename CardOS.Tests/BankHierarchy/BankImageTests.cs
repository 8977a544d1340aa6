using CardOS.Applets.BankHierarchy;
using CardOS.Runtime;
using CardOS.Storage;

namespace CardOS.Tests.BankHierarchy;

/// <summary>A bank card on an image file keeps its files, balance and PASSBOOK across a reopen; the installer only re-binds.</summary>
public class BankImageTests
{
    [Test]
    public void InstallTestCard_OverItsOwnImage_RebindsWithTheSameState()
    {
        string path = Path.Combine(Path.GetTempPath(), $"cardos-bank-{Guid.NewGuid():N}.img");
        try
        {
            using (CardImageFile image = CardImageFile.Create(path, new CardOptions().EepromCapacity))
            {
                var card = new Card(new CardOptions { RandomSeed = 1 }, image);
                Assert.That(BankCardApplet.InstallTestCard(card, BankTestCard.User).Balance, Is.EqualTo(1000u));
                card.PowerOff();
            }

            using (CardImageFile image = CardImageFile.Open(path))
            {
                var card = new Card(new CardOptions { RandomSeed = 2 }, image);
                BankCardApplet applet = BankCardApplet.InstallTestCard(card, BankTestCard.User);
                Assert.That((applet.Balance, applet.LifeState, applet.Role), Is.EqualTo((1000u, BankLifeState.Active, BankRole.Consumer)));
                var client = new BankCardClient(new CardOS.Reader.InProcess.InProcessReader(card)).Unlocked();
                Assert.That(client.ReadPassbook(1).Entry.Amount, Is.EqualTo(1000u));
                card.PowerOff();
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
