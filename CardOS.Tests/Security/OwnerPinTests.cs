using CardOS.Apdu;
using CardOS.Runtime;
using CardOS.Security;

namespace CardOS.Tests.Security;

public class OwnerPinTests
{
    private static readonly Aid HostAid = Aid.Parse("F0000000EE");
    private static readonly byte[] Value = [0x31, 0x32, 0x33, 0x34];

    [Test]
    public void Constructor_BlankEeprom_HasFullTriesAndNoValue()
    {
        OwnerPin pin = Install(new Card(), tryLimit: 5).Pin;
        Assert.That(pin.TryLimit, Is.EqualTo(5));
        Assert.That(pin.TriesRemaining, Is.EqualTo(5));
        Assert.That(pin.HasValue, Is.False);
        Assert.That(pin.IsValidated, Is.False);
    }

    [Test]
    public void Check_NoValue_FailsWithoutWriting()
    {
        var card = new Card();
        OwnerPin pin = Install(card).Pin;
        long writes = card.Eeprom.WriteCount;
        Assert.That(pin.Check(Value), Is.False);
        Assert.That(card.Eeprom.WriteCount, Is.EqualTo(writes));
        Assert.That(pin.TriesRemaining, Is.EqualTo(3));
    }

    [Test]
    public void Check_RightValue_ValidatesAndRestoresTries()
    {
        OwnerPin pin = Install(new Card(), withValue: true).Pin;
        Assert.That(pin.Check([0x30]), Is.False);
        Assert.That(pin.TriesRemaining, Is.EqualTo(2));
        Assert.That(pin.Check(Value), Is.True);
        Assert.That(pin.IsValidated, Is.True);
        Assert.That(pin.TriesRemaining, Is.EqualTo(3));
    }

    [TestCase("", Description = "empty")]
    [TestCase("313233", Description = "a prefix")]
    [TestCase("3132333400", Description = "the value and a zero")]
    [TestCase("31323335", Description = "last byte differs")]
    [TestCase("313233343536373839", Description = "longer than the maximum")]
    public void Check_WrongValue_DecrementsAndUnvalidates(string candidate)
    {
        OwnerPin pin = Install(new Card(), withValue: true).Pin;
        Assert.That(pin.Check(Value), Is.True);
        Assert.That(pin.Check(Hex.Decode(candidate)), Is.False);
        Assert.That(pin.IsValidated, Is.False);
        Assert.That(pin.TriesRemaining, Is.EqualTo(2));
    }

    [Test]
    public void Check_Blocked_FailsWithoutWritingEvenWithRightValue()
    {
        var card = new Card();
        OwnerPin pin = Install(card, withValue: true).Pin;
        for (int i = 0; i < 3; i++)
            Assert.That(pin.Check([0x30]), Is.False);
        Assert.That(pin.IsBlocked, Is.True);
        long writes = card.Eeprom.WriteCount;
        Assert.That(pin.Check(Value), Is.False);
        Assert.That(card.Eeprom.WriteCount, Is.EqualTo(writes));
    }

    [Test]
    public void Check_InsideAbortedTransaction_TryStaysSpent()
    {
        Host host = Install(new Card(), withValue: true);
        host.AppletContext.BeginTransaction();
        Assert.That(host.Pin.Check([0x30]), Is.False);
        host.AppletContext.AbortTransaction();
        Assert.That(host.Pin.TriesRemaining, Is.EqualTo(2));
    }

    [Test]
    public void ResetAndUnblock_Blocked_RestoresTries()
    {
        OwnerPin pin = Install(new Card(), withValue: true).Pin;
        for (int i = 0; i < 3; i++)
            pin.Check([0x30]);
        pin.ResetAndUnblock();
        Assert.That(pin.TriesRemaining, Is.EqualTo(3));
        Assert.That(pin.Check(Value), Is.True);
    }

    [Test]
    public void Update_NewValue_OldFailsNewSucceedsAndUnvalidates()
    {
        OwnerPin pin = Install(new Card(), withValue: true).Pin;
        Assert.That(pin.Check(Value), Is.True);
        pin.Update([0x39, 0x39]);
        Assert.That(pin.IsValidated, Is.False);
        Assert.That(pin.Check(Value), Is.False);
        Assert.That(pin.Check([0x39, 0x39]), Is.True);
    }

    [TestCase(0)]
    [TestCase(9)]
    public void Update_BadLength_Throws(int length)
    {
        OwnerPin pin = Install(new Card()).Pin;
        Assert.Throws<ArgumentException>(() => pin.Update(new byte[length]));
    }

    [Test]
    public void IsValidated_AfterDeselectOrReset_False()
    {
        var card = new Card();
        OwnerPin pin = Install(card, withValue: true).Pin;
        card.Install(Aid.Parse("F0000000EF"), context => new Host(context, 3, false));
        var reader = new CardOS.Reader.InProcess.InProcessReader(card);

        reader.Transmit("00A4040005F0000000EE").EnsureSuccess();
        Assert.That(pin.Check(Value), Is.True);
        reader.Transmit("00A4040005F0000000EF").EnsureSuccess();
        Assert.That(pin.IsValidated, Is.False, "deselect clears it");

        reader.Transmit("00A4040005F0000000EE").EnsureSuccess();
        Assert.That(pin.Check(Value), Is.True);
        reader.Reset();
        Assert.That(pin.IsValidated, Is.False, "reset clears it");
    }

    [Test]
    public void Constructor_ReinstalledOverImage_KeepsValueAndTries()
    {
        var card = new Card();
        OwnerPin first = Install(card, withValue: true).Pin;
        first.Check([0x30]);
        card.Delete(HostAid);
        OwnerPin second = Install(card).Pin;
        Assert.That(second.TriesRemaining, Is.EqualTo(2));
        Assert.That(second.Check(Value), Is.True);
    }

    [Test]
    public void Constructor_ImageWithOtherTryLimit_Throws()
    {
        var card = new Card();
        Install(card, tryLimit: 3);
        card.Delete(HostAid);
        Assert.Throws<InvalidOperationException>(() => Install(card, tryLimit: 4));
    }

    [TestCase(0)]
    [TestCase(16)]
    public void Constructor_TryLimitOutOfRange_Throws(int tryLimit) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Install(new Card(), tryLimit));

    private static Host Install(Card card, int tryLimit = 3, bool withValue = false) =>
        card.Install(HostAid, context => new Host(context, tryLimit, withValue));

    private sealed class Host : Applet
    {
        public Host(AppletContext context, int tryLimit, bool withValue)
            : base(context)
        {
            Pin = new OwnerPin(context, 7, tryLimit, maxLength: 8);
            if (withValue)
                Pin.Update(Value);
        }

        public OwnerPin Pin { get; }

        public AppletContext AppletContext => Context;

        protected override void Process(ApduContext apdu) => throw new IsoException(StatusWord.InstructionNotSupported);
    }
}
