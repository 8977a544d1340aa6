using CardOS.Apdu;
using CardOS.Runtime;
using CardOS.Security;

namespace CardOS.Tests.Runtime;

/// <summary>Programming mistakes the runtime refuses (AIDs, installs, deletes) and the access conditions' byte forms.</summary>
public class RuntimeEdgeTests
{
    [TestCase(4)]
    [TestCase(17)]
    public void Aid_LengthOutOfRange_Throws(int length) =>
        Assert.Throws<ArgumentException>(() => _ = new Aid(new byte[length]));

    [TestCase(null)]
    [TestCase("F0000000")]
    [TestCase("F0000000000000000000000000000000AA")]
    [TestCase("F00000000G")]
    [TestCase("F00000000")]
    public void Aid_TryParseBadText_FalseWithoutThrowing(string? text)
    {
        Assert.That(Aid.TryParse(text, out Aid? aid), Is.False);
        Assert.That(aid, Is.Null);
    }

    [Test]
    public void Aid_TryParseGood_EqualsParse()
    {
        Assert.That(Aid.TryParse("F000000001", out Aid? aid), Is.True);
        Aid parsed = aid!;
        Assert.That(parsed, Is.EqualTo(Aid.Parse("F000000001")));
    }

    [Test]
    public void Install_SameAidTwice_Throws()
    {
        var card = new Card();
        card.Install(TestApplet.AidFor(1), c => new TestApplet(c));
        Assert.Throws<InvalidOperationException>(() => card.Install(TestApplet.AidFor(1), c => new TestApplet(c)));
        Assert.That(card.Applets, Has.Count.EqualTo(1));
    }

    [Test]
    public void Install_FactoryIgnoringItsContext_Throws()
    {
        var card = new Card();
        var other = new Card();
        Assert.Throws<InvalidOperationException>(() => card.Install(TestApplet.AidFor(1), _ => new TestApplet(new AppletContextSource(other).Context)));
        Assert.That(card.Applets, Is.Empty);
    }

    [Test]
    public void Delete_UnknownAid_False_DefaultApplet_NoLongerSelectedAtPowerUp()
    {
        var card = new Card();
        card.Install(TestApplet.AidFor(1), c => new TestApplet(c), isDefault: true);
        Assert.That(card.Delete(TestApplet.AidFor(2)), Is.False);
        card.PowerOn();
        Assert.That(card.Delete(TestApplet.AidFor(1)), Is.True);
        Assert.That(card.Applets, Is.Empty);
        card.Reset();
        Assert.That(Hex.Encode(card.Transmit(Hex.Decode("8014000000"))), Is.EqualTo("6999"), "no applet selected after the default was deleted");
    }

    [TestCase("0000", true, "NEV")]
    [TestCase("0100", true, "ALW")]
    [TestCase("0281", true, "PIN 81")]
    [TestCase("0181", false, "")]
    [TestCase("0301", true, "STATE 01")]
    [TestCase("0001", false, "")]
    [TestCase("0101", false, "")]
    [TestCase("0280", false, "")]
    [TestCase("0200", false, "")]
    [TestCase("0400", false, "")]
    public void AccessCondition_TryRead_OnlyTheFormsWriteToWrites(string hex, bool valid, string text)
    {
        Assert.That(AccessCondition.TryRead(Hex.Decode(hex), out AccessCondition condition), Is.EqualTo(valid));
        if (valid)
            Assert.That(condition.ToString(), Is.EqualTo(text));
    }

    /// <summary>Builds an applet context of another card, as a mistaken factory would.</summary>
    private sealed class AppletContextSource(Card card)
    {
        public AppletContext Context { get; } = new(card, TestApplet.AidFor(9));
    }
}
