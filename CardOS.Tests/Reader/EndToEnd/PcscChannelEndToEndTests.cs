using CardOS.Apdu;
using CardOS.Cli.Profiles;
using CardOS.Reader.InProcess;
using CardOS.Reader.Pcsc;
using CardOS.Reader.Vpcd;
using CardOS.Runtime;

namespace CardOS.Tests.Reader.EndToEnd;

/// <summary>Cards served through the real pcscd + vpcd, driven by CardOS's own PC/SC channel.</summary>
[CancelAfter(60_000)]
[NonParallelizable]
public class PcscChannelEndToEndTests
{
    private static Card DiagnosticCard() => CardProfiles.Find("diagnostic")!.CreateCard();

    [OneTimeSetUp]
    public void RequireStack() => PcscEnvironment.RequireRunning();

    [Test]
    public async Task Transmit_GoldenVectorsThroughPcscd_SameBytesAsInProcess(CancellationToken token)
    {
        var inProcess = new InProcessReader(DiagnosticCard());
        await using ServedCard served = await ServedCard.StartAsync(DiagnosticCard(), token);
        using SCardContext context = SCardContext.Establish(SCardScope.System);
        using PcscCardChannel channel = context.Connect(served.Reader, SCardShareMode.Shared, SCardProtocol.Any);

        foreach ((string command, string expected) in GoldenVectors.Diagnostic)
        {
            string local = inProcess.Transmit(command).ToString();
            Assert.That(channel.Transmit(command).ToString(), Is.EqualTo(local).And.EqualTo(expected), command);
        }
    }

    [Test]
    public async Task GetStatus_CardServed_ReportsReaderProtocolAndAtr(CancellationToken token)
    {
        Card card = DiagnosticCard();
        byte[] atr = card.Atr.ToArray();
        await using ServedCard served = await ServedCard.StartAsync(card, token);
        using SCardContext context = SCardContext.Establish();
        Assert.That(context.IsValid(), Is.True);
        Assert.That(context.GetReaders(), Does.Contain(PcscEnvironment.Reader0));
        using PcscCardChannel channel = context.Connect(served.Reader, SCardShareMode.Shared, SCardProtocol.Any);

        SCardReaderStatus status = channel.GetStatus();
        Assert.That(status.ReaderName, Is.EqualTo(PcscEnvironment.Reader0));
        Assert.That(status.State, Is.AnyOf(SCardState.Negotiable, SCardState.Specific));
        Assert.That(status.Protocol, Is.EqualTo(SCardProtocol.T1));
        Assert.That(status.Atr, Is.EqualTo(atr));
        Assert.That(channel.ActiveProtocol, Is.EqualTo(SCardProtocol.T1));
    }

    [Test]
    public async Task Connect_T0Card_NegotiatesT0AndGetResponseWorks(CancellationToken token)
    {
        await using ServedCard served = await ServedCard.StartAsync(CardProfiles.Find("diagnostic-t0")!.CreateCard(), token);
        using SCardContext context = SCardContext.Establish();
        using PcscCardChannel channel = context.Connect(served.Reader, SCardShareMode.Exclusive, SCardProtocol.T0);

        Assert.That(channel.ActiveProtocol, Is.EqualTo(SCardProtocol.T0));
        Assert.That(channel.Transmit("00A4040008F0436172644F5344").ToString(), Is.EqualTo("9000"));
        Assert.That(channel.Transmit("8012000400").ToString(), Is.EqualTo("6C04"));
        Assert.That(channel.Transmit("8012000404").ToString(), Is.EqualTo("000102039000"));
    }

    [Test]
    public async Task Connect_ErrorsFromPcscd_MapToTypedExceptions(CancellationToken token)
    {
        using SCardContext context = SCardContext.Establish();
        Assert.Throws<UnknownReaderException>(() => context.Connect("No Such Reader 00 00"));

        await PcscEnvironment.WaitForEmptyAsync(PcscEnvironment.Reader0, token);
        var e = Assert.Throws<NoSmartcardException>(() => context.Connect(PcscEnvironment.Reader0))!;
        Assert.That(e.Error, Is.EqualTo(SCardError.NoSmartcard));
        Assert.That(e, Is.InstanceOf<CardConnectionException>());

        await using ServedCard served = await ServedCard.StartAsync(DiagnosticCard(), token);
        using PcscCardChannel exclusive = context.Connect(served.Reader, SCardShareMode.Exclusive);
        using SCardContext other = SCardContext.Establish();
        Assert.Throws<SharingViolationException>(() => other.Connect(served.Reader, SCardShareMode.Shared));
    }

    [Test]
    public async Task RemoveAndInsert_WhileConnected_RemovedCardThenCardBackWithEepromKept(CancellationToken token)
    {
        await using ServedCard served = await ServedCard.StartAsync(DiagnosticCard(), token);
        using SCardContext context = SCardContext.Establish();
        PcscCardChannel channel = context.Connect(served.Reader);
        Assert.That(channel.Transmit("00A4040008F0436172644F5344").ToString(), Is.EqualTo("9000"));
        Assert.That(channel.Transmit("8014000000").ToString(), Is.EqualTo("000000019000"));

        served.Slot.Remove();
        await context.WaitForCardRemovalAsync(served.Reader, token);
        Assert.Throws(Is.InstanceOf<PcscException>(), () => channel.Transmit("8014000000"));
        channel.Dispose();

        served.Slot.Insert();
        await PcscEnvironment.WaitForCardAsync(served.Reader, token);
        using PcscCardChannel again = context.Connect(served.Reader);
        Assert.That(again.Transmit("8014000000").ToString(), Is.EqualTo("6999"), "the selection did not survive the power loss");
        Assert.That(again.Transmit("00A4040008F0436172644F5344").ToString(), Is.EqualTo("9000"));
        Assert.That(again.Transmit("8014000000").ToString(), Is.EqualTo("000000029000"), "the EEPROM did");
    }

    [Test]
    public async Task Reconnect_Unpower_CardColdResetAndChannelUsable(CancellationToken token)
    {
        await using ServedCard served = await ServedCard.StartAsync(DiagnosticCard(), token);
        using SCardContext context = SCardContext.Establish();
        using PcscCardChannel channel = context.Connect(served.Reader);
        Assert.That(channel.Transmit("00A4040008F0436172644F5344").ToString(), Is.EqualTo("9000"));

        channel.Reconnect(SCardShareMode.Shared, SCardProtocol.Any, SCardReaderDisposition.Unpower);
        Assert.That(channel.Transmit("8014000000").ToString(), Is.EqualTo("6999"));
        channel.Disconnect(SCardReaderDisposition.Reset);
        Assert.That(channel.IsConnected, Is.False);
    }

    [Test]
    public async Task LinkDroppedMidApdu_ThroughPcscd_ClientGetsPcscErrorAndCardReturns(CancellationToken token)
    {
        Card card = DiagnosticCard();
        BlockingApplet blocking = card.Install(BlockingApplet.AppletAid, c => new BlockingApplet(c));
        await using ServedCard served = await ServedCard.StartAsync(card, token);
        using SCardContext context = SCardContext.Establish();
        PcscCardChannel channel = context.Connect(served.Reader);
        Assert.That(channel.Transmit("00A4040005F0000000B1").ToString(), Is.EqualTo("9000"));

        Task<ResponseApdu> inFlight = Task.Run(() => channel.Transmit("8042000000"), token);
        Assert.That(blocking.Entered.Wait(TimeSpan.FromSeconds(10), token), Is.True);
        served.Slot.Remove();
        blocking.Release.Set();
        Assert.That(async () => await inFlight, Throws.InstanceOf<PcscException>());
        channel.Dispose();
        await context.WaitForCardRemovalAsync(served.Reader, token);

        served.Slot.Insert();
        await PcscEnvironment.WaitForCardAsync(served.Reader, token);
        using PcscCardChannel again = context.Connect(served.Reader);
        Assert.That(again.Transmit("00A4040008F0436172644F5344").ToString(), Is.EqualTo("9000"));
        Assert.That(served.Slot.LinkState, Is.EqualTo(VpcdLinkState.Connected));
    }

    [Test]
    public async Task PcscdRestarted_WhileServing_CardReappearsWithoutRestartingTheSlot(CancellationToken token)
    {
        await using ServedCard served = await ServedCard.StartAsync(DiagnosticCard(), token);
        using (SCardContext before = SCardContext.Establish())
        using (PcscCardChannel channel = before.Connect(served.Reader))
            Assert.That(channel.Transmit("00A4040008F0436172644F5344").ToString(), Is.EqualTo("9000"));

        PcscEnvironment.RestartPcscd();

        await PcscEnvironment.WaitForCardAsync(served.Reader, token, TimeSpan.FromSeconds(20));
        using SCardContext after = SCardContext.Establish();
        using PcscCardChannel again = after.Connect(served.Reader);
        Assert.That(again.Transmit("00A4040008F0436172644F5344").ToString(), Is.EqualTo("9000"));
        Assert.That(again.Transmit("8014000000").ToString(), Is.EqualTo("000000019000"));
    }

    [Test]
    public async Task Transmit_10000RandomApdus_EveryAnswerWellFormedAndCardStillServed(CancellationToken token)
    {
        await using ServedCard served = await ServedCard.StartAsync(DiagnosticCard(), token);
        using SCardContext context = SCardContext.Establish();
        using PcscCardChannel channel = context.Connect(served.Reader);
        var random = new Random(20260101);
        byte[] command = new byte[1024];
        byte[] response = new byte[CardChannelExtensions.MaxResponseLength];

        for (int i = 0; i < 10_000; i++)
        {
            // Two bytes or more: vpcd carries a one-byte payload as a control code, never as an APDU.
            int length = random.Next(10) == 0 ? random.Next(2, command.Length) : random.Next(2, 24);
            random.NextBytes(command.AsSpan(0, length));
            if (random.Next(4) == 0)
                command[0] = (byte)(random.Next(2) == 0 ? 0x00 : 0x80);

            int received = channel.Transmit(command.AsSpan(0, length), response);
            Assert.That(received, Is.GreaterThanOrEqualTo(2), () => Hex.Encode(command.AsSpan(0, length)));
            var statusWord = new StatusWord(response[received - 2], response[received - 1]);
            Assert.That(statusWord.IsValid, Is.True, () => $"{Hex.Encode(command.AsSpan(0, length))} -> {Hex.Encode(response.AsSpan(0, received))}");
        }

        Assert.That(served.Slot.LinkState, Is.EqualTo(VpcdLinkState.Connected));
        Assert.That(channel.Transmit("00A4040008F0436172644F5344").ToString(), Is.EqualTo("9000"));
    }

    [Test]
    public async Task TwoSlots_ServedAtOnce_BothReadersHoldTheirCard(CancellationToken token)
    {
        using (SCardContext probe = SCardContext.Establish())
            PcscEnvironment.Require(probe.GetReaders().Contains(PcscEnvironment.Reader1), $"a second vpcd reader '{PcscEnvironment.Reader1}' (vpcd built with two slots)");

        var payer = new Card(new CardOptions { HistoricalBytes = [0x01] });
        var payee = new Card(new CardOptions { HistoricalBytes = [0x02] });
        await using ServedCard first = await ServedCard.StartAsync(payer, token, index: 0);
        await using ServedCard second = await ServedCard.StartAsync(payee, token, index: 1);
        using SCardContext context = SCardContext.Establish();
        using PcscCardChannel a = context.Connect(PcscEnvironment.Reader0);
        using PcscCardChannel b = context.Connect(PcscEnvironment.Reader1);

        Assert.That(a.GetStatus().Atr, Is.EqualTo(payer.Atr.ToArray()));
        Assert.That(b.GetStatus().Atr, Is.EqualTo(payee.Atr.ToArray()));
    }

    [Test]
    public async Task WaitForCardAsync_Cancelled_ThrowsOperationCanceledPromptly(CancellationToken token)
    {
        await PcscEnvironment.WaitForEmptyAsync(PcscEnvironment.Reader0, token);
        using SCardContext context = SCardContext.Establish();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(token);
        Task<byte[]> waiting = context.WaitForCardAsync(PcscEnvironment.Reader0, cancel.Token);

        await cancel.CancelAsync();

        Assert.That(async () => await waiting, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(context.IsValid(), Is.True, "the context itself is untouched");
    }
}
