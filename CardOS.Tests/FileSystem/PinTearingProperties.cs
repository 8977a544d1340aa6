using CardOS.Apdu;
using CardOS.Applets.FileSystem;

namespace CardOS.Tests.FileSystem;

/// <summary>
/// A power cut at any EEPROM write during VERIFY never yields an extra PIN try: the try counter is paid for before
/// any comparison runs, so after power-up it shows the attempt, or the attempt never compared anything.
/// </summary>
public class PinTearingProperties
{
    private const int MaxWrites = 64;

    [FsCheck.NUnit.Property(MaxTest = 60)]
    public void Verify_PowerCutAtEveryWrite_NeverYieldsExtraTry(byte priorFailures, bool rightPin, byte[] wrongPin, byte fraction)
    {
        int failures = priorFailures % IsoFileSystemApplet.PinTryLimit;
        byte[] candidate = rightPin ? IsoFileSystemApplet.DefaultPin.ToArray() : WrongPin(wrongPin);
        byte[] verify = new CommandApdu(0x00, 0x20, 0x00, IsoFileSystemApplet.PinReference, candidate).ToArray();

        for (int tearAt = 0; tearAt < MaxWrites; tearAt++)
        {
            var demo = new DemoCard();
            for (int i = 0; i < failures; i++)
                demo.Reader.Transmit("002000810430303030");
            int before = demo.QueryTries();
            Assert.That(before, Is.EqualTo(IsoFileSystemApplet.PinTryLimit - failures));

            demo.Card.Eeprom.ScheduleTear(tearAt, fraction / 255.0);
            byte[] response = demo.Card.Transmit(verify);
            if (demo.Card.Eeprom.IsTearScheduled)
            {
                // The command ran to its end before write number tearAt: it wrote at least the decrement.
                demo.Card.Eeprom.CancelTear();
                Assert.That(tearAt, Is.GreaterThan(0), "VERIFY answered without writing the try counter first");
                StatusWord answered = StatusWord.ReadFrom(response);
                Assert.That(answered, Is.EqualTo(rightPin ? StatusWord.Success : StatusWord.VerificationFailed(before - 1)));
                Assert.That(demo.Applet.Pin.TriesRemaining, Is.EqualTo(rightPin ? IsoFileSystemApplet.PinTryLimit : before - 1));
                return;
            }

            Assert.That(response, Is.Empty, "a card that lost power answers nothing");
            demo.PowerUp();
            int after = demo.QueryTries();
            Assert.That(after, Is.InRange(before - 1, before), $"tries after a power cut at write {tearAt}");
            if (after == before)
                Assert.That(tearAt, Is.Zero, $"a power cut at write {tearAt}, after the decrement, gave the try back");
        }

        Assert.Fail($"VERIFY did not finish within {MaxWrites} EEPROM writes.");
    }

    [FsCheck.NUnit.Property(MaxTest = 60)]
    public void Verify_WrongPinsWithPowerCuts_AnswersAtMostTryLimitComparisons(byte[] plan)
    {
        var demo = new DemoCard();
        int answered = 0;
        foreach (byte step in plan)
        {
            // Bit 0: cut power during this attempt; bits 1-2: at which of its writes.
            if ((step & 1) != 0)
                demo.Card.Eeprom.ScheduleTear((step >> 1) & 3);
            byte[] response = demo.Card.Transmit(Hex.Decode("002000810430303030"));
            demo.Card.Eeprom.CancelTear();
            if (response.Length == 0)
            {
                demo.PowerUp();
                continue;
            }

            StatusWord status = StatusWord.ReadFrom(response);
            if (status.Sw1 == 0x63)
                answered++;
            else
                Assert.That(status, Is.EqualTo(StatusWord.AuthenticationMethodBlocked));
        }

        Assert.That(answered, Is.LessThanOrEqualTo(IsoFileSystemApplet.PinTryLimit));
        Assert.That(demo.QueryTries(), Is.EqualTo(IsoFileSystemApplet.PinTryLimit - answered));
        if (answered == IsoFileSystemApplet.PinTryLimit)
            Assert.That(demo.Reader.Transmit(DemoCard.VerifyPin).StatusWord, Is.EqualTo(StatusWord.AuthenticationMethodBlocked));
    }

    [FsCheck.NUnit.Property(MaxTest = 60)]
    public void Verify_AnyCandidate_FirstWriteIsTheDecrement(byte priorFailures, bool rightPin, byte[] wrongPin)
    {
        // What the first EEPROM write of VERIFY does cannot depend on the candidate: it is the decrement, so a power
        // cut right after it leaves the same image whether the PIN was right or wrong.
        int failures = priorFailures % IsoFileSystemApplet.PinTryLimit;
        byte[] candidate = rightPin ? IsoFileSystemApplet.DefaultPin.ToArray() : WrongPin(wrongPin);
        byte[] reference = ImageAfterFirstWrite(failures, [0x30, 0x30, 0x30, 0x30]);
        Assert.That(ImageAfterFirstWrite(failures, candidate), Is.EqualTo(reference));
    }

    private static byte[] ImageAfterFirstWrite(int failures, byte[] candidate)
    {
        var demo = new DemoCard();
        for (int i = 0; i < failures; i++)
            demo.Reader.Transmit("002000810430303030");

        // Write 0 lands whole; write 1, if the command has one, lands not at all and cuts power.
        demo.Card.Eeprom.ScheduleTear(1, 0);
        demo.Card.Transmit(new CommandApdu(0x00, 0x20, 0x00, IsoFileSystemApplet.PinReference, candidate).ToArray());
        demo.Card.Eeprom.CancelTear();
        return demo.Card.Eeprom.Image.ToArray();
    }

    private static byte[] WrongPin(byte[] seed)
    {
        byte[] pin = seed.Length is >= 1 and <= IsoFileSystemApplet.MaxPinLength ? seed : [0x30, 0x30, 0x30, 0x30];
        return pin.AsSpan().SequenceEqual(IsoFileSystemApplet.DefaultPin) ? [0x39] : pin;
    }
}
