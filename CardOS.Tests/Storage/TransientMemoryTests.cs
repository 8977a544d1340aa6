using CardOS.Apdu;
using CardOS.Reader.InProcess;
using CardOS.Runtime;
using CardOS.Storage;

namespace CardOS.Tests.Storage;

/// <summary>The card's RAM is one block; each applet's transient arrays are slices of it, cleared by their own rules.</summary>
public class TransientMemoryTests
{
    private static readonly Aid AidA = Aid.Parse("F0000000AA");
    private static readonly Aid AidB = Aid.Parse("F0000000BB");

    [Test]
    public void Deselect_ClearsOnlyTheDeselectedAppletsClearOnDeselectSlices()
    {
        var card = new Card(new CardOptions { RandomSeed = 1 });
        RamApplet a = card.Install(AidA, context => new RamApplet(context));
        RamApplet b = card.Install(AidB, context => new RamApplet(context));
        var reader = new InProcessReader(card);
        Assert.That(reader.Transmit("00A4040005F0000000AA").StatusWord, Is.EqualTo(StatusWord.Success));
        foreach (TransientArray array in new[] { a.ClearedOnReset, a.ClearedOnDeselect, b.ClearedOnReset, b.ClearedOnDeselect })
            array.Span.Fill(0xFF);

        // Selecting B deselects A on the basic channel.
        Assert.That(reader.Transmit("00A4040005F0000000BB").StatusWord, Is.EqualTo(StatusWord.Success));

        Assert.That(a.ClearedOnDeselect.Span.ToArray(), Is.All.EqualTo(0x00), "A's clear-on-deselect slice");
        Assert.That(a.ClearedOnReset.Span.ToArray(), Is.All.EqualTo(0xFF), "A's clear-on-reset slice survives a deselect");
        Assert.That(b.ClearedOnReset.Span.ToArray(), Is.All.EqualTo(0xFF), "B's slices are B's");
        Assert.That(b.ClearedOnDeselect.Span.ToArray(), Is.All.EqualTo(0xFF));

        card.Reset();

        foreach (TransientArray array in new[] { a.ClearedOnReset, a.ClearedOnDeselect, b.ClearedOnReset, b.ClearedOnDeselect })
            Assert.That(array.Span.ToArray(), Is.All.EqualTo(0x00), "a reset clears the whole RAM");
    }

    [Test]
    public void PowerLoss_OldAppletsKeepAClearedBlockTheRebuiltOnesCannotSee()
    {
        var card = new Card(new CardOptions { RandomSeed = 1 });
        RamApplet old = card.Install(AidA, context => new RamApplet(context));
        card.PowerOn();
        old.ClearedOnReset.Span.Fill(0x11);
        card.PowerOff();
        card.PowerOn();

        var rebuilt = (RamApplet)card.Applets[0];
        Assert.That(rebuilt, Is.Not.SameAs(old));
        Assert.That(old.ClearedOnReset.Span.ToArray(), Is.All.EqualTo(0x00), "RAM does not survive power loss");
        rebuilt.ClearedOnReset.Span.Fill(0x22);
        old.ClearedOnReset.Span.Fill(0x33);
        Assert.That(rebuilt.ClearedOnReset.Span.ToArray(), Is.All.EqualTo(0x22), "the old objects write into the old block only");
    }

    private sealed class RamApplet : Applet
    {
        public RamApplet(AppletContext context)
            : base(context)
        {
            ClearedOnReset = context.AllocateTransient(5, TransientClear.OnReset);
            ClearedOnDeselect = context.AllocateTransient(3, TransientClear.OnDeselect);
        }

        public TransientArray ClearedOnReset { get; }

        public TransientArray ClearedOnDeselect { get; }

        protected override void Process(ApduContext apdu) => throw new IsoException(StatusWord.InstructionNotSupported);
    }
}
