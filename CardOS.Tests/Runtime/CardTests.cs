using CardOS.Apdu;
using CardOS.Reader.InProcess;
using CardOS.Runtime;

namespace CardOS.Tests.Runtime;

public class CardTests
{
    [Test]
    public void FiveLineExample_SelectAndTransmit_Answers9000()
    {
        var card = new Card();
        card.Install(Aid.Parse("F000000001"), context => new TestApplet(context));
        var reader = new InProcessReader(card);
        reader.Transmit("00A4040005F000000001").EnsureSuccess();
        Assert.That(reader.Transmit("0010000002CAFE00").StatusWord, Is.EqualTo(StatusWord.Success));
    }

    [Test]
    public void ManageChannel_OpenSelectClose_ChannelsAreIndependent()
    {
        InProcessReader reader = GoldenCardTests.CreateReader(new CardOptions());
        TestApplet plain = (TestApplet)reader.Card.Applets[0];
        TestApplet extended = (TestApplet)reader.Card.Applets[1];

        // Channel 0 selects the extended applet; a new channel 1 selects the plain one.
        reader.Transmit("00A4040005F000000002").EnsureSuccess();
        Assert.That(reader.Transmit("0070000001").ToString(), Is.EqualTo("019000"));
        reader.Transmit("01A4040005F000000001").EnsureSuccess();

        // Extended length is accepted on channel 0 only: each channel reaches its own applet.
        Assert.That(reader.Transmit("00100000000001AA0000").ToString(), Is.EqualTo("AA9000"));
        Assert.That(extended.LastChannel, Is.EqualTo(0));
        Assert.That(reader.Transmit("01100000000001AA0000").StatusWord, Is.EqualTo(StatusWord.WrongLength));
        Assert.That(reader.Transmit("0110000001BB00").ToString(), Is.EqualTo("BB9000"));
        Assert.That(plain.LastChannel, Is.EqualTo(1));

        // Closing channel 1 deselects its applet and frees the channel; channel 0 keeps its selection.
        reader.Transmit("0070800100").EnsureSuccess();
        Assert.That(plain.Deselections, Is.EqualTo(1));
        Assert.That(reader.Transmit("0110000001BB00").StatusWord, Is.EqualTo(StatusWord.LogicalChannelNotSupported));
        Assert.That(reader.Transmit("00100000000001AA0000").ToString(), Is.EqualTo("AA9000"));

        // The freed number is assigned again.
        Assert.That(reader.Transmit("0070000001").ToString(), Is.EqualTo("019000"));
    }

    [Test]
    public void Select_NonMultiSelectableAppletBusyOnAnotherChannel_Answers6985()
    {
        InProcessReader reader = GoldenCardTests.CreateReader(new CardOptions());
        reader.Transmit("00A4040005F000000001").EnsureSuccess();
        reader.Transmit("0070000100").EnsureSuccess();
        Assert.That(reader.Transmit("01A4040005F000000001").StatusWord, Is.EqualTo(StatusWord.ConditionsOfUseNotSatisfied));
    }

    [Test]
    public void ManageChannelOpen_FromBasicChannel_SelectsDefaultApplet()
    {
        var card = new Card();
        card.Install(TestApplet.AidFor(1), c => new TestApplet(c, multiSelectable: true), isDefault: true);
        var reader = new InProcessReader(card);
        Assert.That(reader.Transmit("0010000001AA00").ToString(), Is.EqualTo("AA9000"), "the default applet is selected at power-up");
        reader.Transmit("0070000200").EnsureSuccess();
        Assert.That(reader.Transmit("0210000001BB00").ToString(), Is.EqualTo("BB9000"), "and on a channel opened from channel 0");
    }

    [Test]
    public void Transmit_AppletFaultsWithTransactionOpen_Answers6F00AndRollsBack()
    {
        InProcessReader reader = GoldenCardTests.CreateReader(new CardOptions());
        reader.Transmit("00A4040005F000000001").EnsureSuccess();
        Assert.That(reader.Transmit("00500000").StatusWord, Is.EqualTo(StatusWord.NoPreciseDiagnosis));
        Assert.That(reader.Transmit("0054000000").ToString(), Is.EqualTo("000000009000"));
    }

    [Test]
    public void Transmit_CommandEndsWithTransactionOpen_TransactionAborted()
    {
        InProcessReader reader = GoldenCardTests.CreateReader(new CardOptions());
        reader.Transmit("00A4040005F000000001").EnsureSuccess();
        Assert.That(reader.Transmit("00520000").StatusWord, Is.EqualTo(StatusWord.Success));
        Assert.That(reader.Transmit("0054000000").ToString(), Is.EqualTo("000000009000"));
    }

    [Test]
    public void Transmit_PowerCutDuringCommand_CardGoesMuteAndRecovers()
    {
        InProcessReader reader = GoldenCardTests.CreateReader(new CardOptions());
        reader.Transmit("00A4040005F000000001").EnsureSuccess();
        reader.Card.Eeprom.ScheduleTear(0);
        Assert.Throws<CardConnectionException>(() => reader.Transmit("00520000"));
        Assert.That(reader.Card.IsPowered, Is.False);

        reader.PowerCycle();
        reader.Transmit("00A4040005F000000001").EnsureSuccess();
        Assert.That(reader.Transmit("0054000000").ToString(), Is.EqualTo("000000009000"));
    }

    [Test]
    public void Transmit_UnpoweredCard_ReturnsNothing()
    {
        var card = new Card();
        Assert.That(card.Transmit(Hex.Decode("00A4040005F000000001")), Is.Empty);
    }

    [Test]
    public void PowerOn_AfterReset_ChannelsAndSelectionsCleared()
    {
        InProcessReader reader = GoldenCardTests.CreateReader(new CardOptions());
        reader.Transmit("00A4040005F000000001").EnsureSuccess();
        reader.Transmit("0070000100").EnsureSuccess();
        reader.Reset();
        Assert.That(reader.Transmit("01100000").StatusWord, Is.EqualTo(StatusWord.LogicalChannelNotSupported));
        Assert.That(reader.Transmit("00100000").StatusWord, Is.EqualTo(StatusWord.AppletSelectFailed));
    }

    [Test]
    public void Install_SameAidTwice_Throws()
    {
        var card = new Card();
        card.Install(TestApplet.AidFor(1), c => new TestApplet(c));
        Assert.Throws<InvalidOperationException>(() => card.Install(TestApplet.AidFor(1), c => new TestApplet(c)));
    }

    [Test]
    public void Delete_SelectedApplet_DeselectsAndForgets()
    {
        InProcessReader reader = GoldenCardTests.CreateReader(new CardOptions());
        reader.Transmit("00A4040005F000000001").EnsureSuccess();
        Assert.That(reader.Card.Delete(TestApplet.AidFor(1)), Is.True);
        Assert.That(reader.Transmit("00100000").StatusWord, Is.EqualTo(StatusWord.AppletSelectFailed));
        Assert.That(reader.Transmit("00A4040005F000000001").StatusWord, Is.EqualTo(StatusWord.FileNotFound));
    }

    [Test]
    public void TwoCards_SameProcess_ShareNothing()
    {
        InProcessReader first = GoldenCardTests.CreateReader(new CardOptions());
        InProcessReader second = GoldenCardTests.CreateReader(new CardOptions());
        first.Transmit("00A4040005F000000001").EnsureSuccess();
        first.Transmit("0070000100").EnsureSuccess();
        Assert.That(second.Transmit("00100000").StatusWord, Is.EqualTo(StatusWord.AppletSelectFailed));
        Assert.That(second.Transmit("01100000").StatusWord, Is.EqualTo(StatusWord.LogicalChannelNotSupported));
    }

    [Test]
    public void PowerCycle_AppletKeptStateInCSharpField_FieldDoesNotSurviveButEepromDoes()
    {
        InProcessReader reader = GoldenCardTests.CreateReader(new CardOptions());
        reader.Transmit("00A4040005F000000001").EnsureSuccess();
        reader.Transmit("00520000").EnsureSuccess(); // transaction left open: aborted
        reader.Transmit("0010000001AA00").EnsureSuccess();
        var before = (TestApplet)reader.Card.Applets[0];
        Assert.That(before.LastChannel, Is.EqualTo(0));

        reader.PowerCycle();

        var after = (TestApplet)reader.Card.Applets[0];
        Assert.That(after, Is.Not.SameAs(before), "a power-up after power loss builds the applet afresh");
        Assert.That(after.LastChannel, Is.EqualTo(-1), "nothing kept in a C# field survives");
        Assert.That(after.Selections, Is.Zero);
        reader.Transmit("00A4040005F000000001").EnsureSuccess();
        Assert.That(reader.Transmit("0054000000").ToString(), Is.EqualTo("000000009000"), "the EEPROM object is re-bound");
    }

    [Test]
    public void Install_ThenFirstPowerUp_KeepsTheInstalledObject()
    {
        var card = new Card();
        TestApplet installed = card.Install(TestApplet.AidFor(1), c => new TestApplet(c));
        _ = new InProcessReader(card);
        Assert.That(card.Applets[0], Is.SameAs(installed));
    }
}
