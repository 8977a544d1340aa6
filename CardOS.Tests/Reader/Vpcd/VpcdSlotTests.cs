using System.Buffers.Binary;
using CardOS.Apdu;
using CardOS.Cli.Profiles;
using CardOS.Reader.Vpcd;
using CardOS.Runtime;

namespace CardOS.Tests.Reader.Vpcd;

[CancelAfter(20_000)]
public class VpcdSlotTests
{
    private const byte PowerOff = 0;
    private const byte PowerOn = 1;
    private const byte Reset = 2;
    private const byte GetAtr = 4;
    private const int ConnectFailedEvent = 3;
    private const int ListeningEvent = 6;

    private static VpcdOptions Options(int port, VpcdMode mode = VpcdMode.Normal) =>
        new() { Port = port, Mode = mode, ReconnectDelay = TimeSpan.FromMilliseconds(5), MaxReconnectDelay = TimeSpan.FromMilliseconds(50) };

    private static Card DiagnosticCard() => CardProfiles.Find("diagnostic")!.CreateCard();

    [Test]
    public async Task GetAtr_Connected_AnswersCardAtrWithoutPowerOn(CancellationToken token)
    {
        using var vpcd = new FakeVpcd();
        Card card = DiagnosticCard();
        var slot = new VpcdSlot(card, Options(vpcd.Port));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        Task running = slot.RunAsync(stop.Token);
        await vpcd.AcceptAsync(token);

        await vpcd.SendControlAsync(GetAtr, token);
        Assert.That(await vpcd.ReadFrameAsync(token), Is.EqualTo(card.Atr.ToArray()));
        Assert.That(slot.LinkState, Is.EqualTo(VpcdLinkState.Connected));

        await stop.CancelAsync();
        await running;
    }

    [Test]
    public async Task Transmit_GoldenVectors_SameBytesAsInProcess(CancellationToken token)
    {
        using var vpcd = new FakeVpcd();
        var slot = new VpcdSlot(DiagnosticCard(), Options(vpcd.Port));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        Task running = slot.RunAsync(stop.Token);
        await vpcd.AcceptAsync(token);
        await vpcd.SendControlAsync(PowerOn, token);

        foreach ((string command, string expected) in GoldenVectors.Diagnostic)
            Assert.That(Hex.Encode(await vpcd.TransmitAsync(command, token)), Is.EqualTo(expected), command);

        await stop.CancelAsync();
        await running;
    }

    [Test]
    public async Task ControlCodes_PowerOffResetPowerOn_FollowCardPower(CancellationToken token)
    {
        using var vpcd = new FakeVpcd();
        Card card = DiagnosticCard();
        var slot = new VpcdSlot(card, Options(vpcd.Port));
        var kinds = new List<VpcdSlotEventKind>();
        slot.StateChanged += (_, e) => { lock (kinds) kinds.Add(e.Kind); };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        Task running = slot.RunAsync(stop.Token);
        await vpcd.AcceptAsync(token);

        await vpcd.SendControlAsync(PowerOn, token);
        Assert.That(Hex.Encode(await vpcd.TransmitAsync("00A4040008F0436172644F5344", token)), Is.EqualTo("9000"));
        Assert.That(Hex.Encode(await vpcd.TransmitAsync("8014000000", token)), Is.EqualTo("000000019000"));
        await vpcd.SendControlAsync(Reset, token);
        await vpcd.SendControlAsync(PowerOff, token);
        await vpcd.SendControlAsync(0x7F, token);   // unknown: ignored
        await vpcd.SendControlAsync(PowerOn, token);
        Assert.That(Hex.Encode(await vpcd.TransmitAsync("8014000000", token)), Is.EqualTo("6999"), "no applet selected after power-up");
        Assert.That(Hex.Encode(await vpcd.TransmitAsync("00A4040008F0436172644F5344", token)), Is.EqualTo("9000"));
        Assert.That(Hex.Encode(await vpcd.TransmitAsync("8014000000", token)), Is.EqualTo("000000029000"), "the counter is in EEPROM");

        await stop.CancelAsync();
        await running;
        lock (kinds)
        {
            Assert.That(kinds, Is.SupersetOf(new[] { VpcdSlotEventKind.LinkUp, VpcdSlotEventKind.PoweredOn, VpcdSlotEventKind.Reset, VpcdSlotEventKind.PoweredOff, VpcdSlotEventKind.ProtocolError }));
        }
    }

    [Test]
    public async Task EmptyFrame_Received_IgnoredAndNextApduAnswered(CancellationToken token)
    {
        using var vpcd = new FakeVpcd();
        var slot = new VpcdSlot(DiagnosticCard(), Options(vpcd.Port));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        Task running = slot.RunAsync(stop.Token);
        await vpcd.AcceptAsync(token);
        await vpcd.SendControlAsync(PowerOn, token);

        await vpcd.SendRawAsync([0x00, 0x00], token);
        Assert.That(Hex.Encode(await vpcd.TransmitAsync("00A4040005F000000000", token)), Is.EqualTo("6A82"));

        await stop.CancelAsync();
        await running;
    }

    [Test]
    public async Task OversizeFrame_LargestLengthOfGarbage_AnsweredWithStatusWordAndLinkKept(CancellationToken token)
    {
        using var vpcd = new FakeVpcd();
        var slot = new VpcdSlot(DiagnosticCard(), Options(vpcd.Port));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        Task running = slot.RunAsync(stop.Token);
        await vpcd.AcceptAsync(token);
        await vpcd.SendControlAsync(PowerOn, token);

        // 65535 bytes: more than any short APDU, not a valid extended one.
        byte[] garbage = new byte[VpcdSlot.MaxFramePayload];
        new Random(7).NextBytes(garbage);
        garbage[0] = 0x00;
        await vpcd.SendFrameAsync(garbage, token);
        Assert.That(Hex.Encode(await vpcd.ReadFrameAsync(token)), Is.EqualTo("6700"));

        // The largest answer a frame carries: 65533 data bytes and the status word.
        byte[] answer = await vpcd.TransmitAsync("00A4040008F0436172644F5344", token);
        Assert.That(Hex.Encode(answer), Is.EqualTo("9000"));
        answer = await vpcd.TransmitAsync("8012FFFD00FFFF", token);
        Assert.That(answer, Has.Length.EqualTo(VpcdSlot.MaxFramePayload));
        Assert.That(Hex.Encode(answer.AsSpan(answer.Length - 4)), Is.EqualTo("FBFC9000"));

        await stop.CancelAsync();
        await running;
    }

    [TestCase(new byte[] { 0x00 }, TestName = "TruncatedFrame_HalfAHeader_SlotReconnects")]
    [TestCase(new byte[] { 0x00, 0x10, 0x80, 0x10 }, TestName = "TruncatedFrame_PayloadCutShort_SlotReconnects")]
    public async Task TruncatedFrame_LinkClosedInsideFrame_SlotReconnects(byte[] truncated)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        CancellationToken token = timeout.Token;
        using var vpcd = new FakeVpcd();
        Card card = DiagnosticCard();
        var slot = new VpcdSlot(card, Options(vpcd.Port));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        Task running = slot.RunAsync(stop.Token);
        await vpcd.AcceptAsync(token);
        await vpcd.SendControlAsync(PowerOn, token);
        await vpcd.SendRawAsync(truncated, token);
        vpcd.DropLink();

        await vpcd.AcceptAsync(token);
        await vpcd.SendControlAsync(GetAtr, token);
        Assert.That(await vpcd.ReadFrameAsync(token), Is.EqualTo(card.Atr.ToArray()));
        await vpcd.SendControlAsync(PowerOn, token);
        Assert.That(Hex.Encode(await vpcd.TransmitAsync("00A4040008F0436172644F5344", token)), Is.EqualTo("9000"));

        await stop.CancelAsync();
        await running;
    }

    [Test]
    public async Task LinkDrop_MidApdu_CardPoweredOffAndSlotReconnects(CancellationToken token)
    {
        using var vpcd = new FakeVpcd();
        Card card = DiagnosticCard();
        var slot = new VpcdSlot(card, Options(vpcd.Port));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        Task running = slot.RunAsync(stop.Token);
        await vpcd.AcceptAsync(token);
        await vpcd.SendControlAsync(PowerOn, token);
        Assert.That(Hex.Encode(await vpcd.TransmitAsync("00A4040008F0436172644F5344", token)), Is.EqualTo("9000"));

        // A long answer on its way when the reader goes: the card side's send fails or lands in a closed socket.
        await vpcd.SendFrameAsync(Convert.FromHexString("8012FFFF00FFFF"), token);
        vpcd.DropLink();

        await vpcd.AcceptAsync(token);
        Assert.That(slot.UseCard(c => c.IsPowered), Is.False, "a card whose reader went away lost power");
        await vpcd.SendControlAsync(PowerOn, token);
        Assert.That(Hex.Encode(await vpcd.TransmitAsync("8014000000", token)), Is.EqualTo("6999"), "RAM state (the selection) is gone");

        await stop.CancelAsync();
        await running;
    }

    [Test]
    public async Task MuteCard_ApduWhileUnpowered_LinkResetThenReconnected(CancellationToken token)
    {
        using var vpcd = new FakeVpcd();
        var slot = new VpcdSlot(DiagnosticCard(), Options(vpcd.Port));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        Task running = slot.RunAsync(stop.Token);
        await vpcd.AcceptAsync(token);

        await vpcd.SendFrameAsync(Convert.FromHexString("00A4040005F000000000"), token);
        Assert.That(await vpcd.IsClosedByPeerAsync(token), Is.True);

        await vpcd.AcceptAsync(token);
        await vpcd.SendControlAsync(PowerOn, token);
        Assert.That(Hex.Encode(await vpcd.TransmitAsync("00A4040005F000000000", token)), Is.EqualTo("6A82"));

        await stop.CancelAsync();
        await running;
    }

    [Test]
    public async Task Remove_WhileConnected_LinkClosedUntilInsert(CancellationToken token)
    {
        using var vpcd = new FakeVpcd();
        var slot = new VpcdSlot(DiagnosticCard(), Options(vpcd.Port));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        Task running = slot.RunAsync(stop.Token);
        await vpcd.AcceptAsync(token);
        await vpcd.SendControlAsync(PowerOn, token);

        slot.Remove();
        Assert.That(await vpcd.IsClosedByPeerAsync(token), Is.True);
        Assert.That(slot.IsInserted, Is.False);
        Assert.That(slot.LinkState, Is.EqualTo(VpcdLinkState.Removed));

        slot.Insert();
        await vpcd.AcceptAsync(token);
        await vpcd.SendControlAsync(PowerOn, token);
        Assert.That(Hex.Encode(await vpcd.TransmitAsync("00A4040008F0436172644F5344", token)), Is.EqualTo("9000"));

        await stop.CancelAsync();
        await running;
    }

    [Test]
    public async Task Reversed_VpcdDialsIn_ServedAndListensAgainAfterDrop(CancellationToken token)
    {
        // Port 0: the slot listens on a port the system picks and says which (no test binds a port it probed).
        var logger = new SignalingLogger();
        Card card = DiagnosticCard();
        var slot = new VpcdSlot(card, Options(0, VpcdMode.Reversed), logger: logger);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        Task running = slot.RunAsync(stop.Token);
        IReadOnlyDictionary<string, object?> listening = await logger.WaitForAsync(ListeningEvent, 1, token);
        int port = (int)listening["Port"]!;
        Assert.That(slot.ListeningPort, Is.EqualTo(port).And.Not.Zero);

        for (int round = 0; round < 2; round++)
        {
            // The listener stays open between links: vpcd dialling in again is queued until the slot accepts.
            using var client = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            await client.ConnectAsync(System.Net.IPAddress.Loopback, port, token);
            await SendFrameAsync(client, [GetAtr], token);
            Assert.That(await ReadFrameAsync(client, token), Is.EqualTo(card.Atr.ToArray()));
            await SendFrameAsync(client, [PowerOn], token);
            await SendFrameAsync(client, Convert.FromHexString("00A4040008F0436172644F5344"), token);
            Assert.That(Hex.Encode(await ReadFrameAsync(client, token)), Is.EqualTo("9000"));
        }

        await stop.CancelAsync();
        await running;
    }

    [Test]
    public async Task CardSide_TwoCards_EachServedOnItsOwnPort(CancellationToken token)
    {
        using var first = new FakeVpcd();
        using var second = new FakeVpcd();
        Card a = DiagnosticCard();
        Card b = new(new CardOptions { HistoricalBytes = [0x42] });
        var slotA = new VpcdSlot(a, Options(first.Port), index: 0);
        var slotB = new VpcdSlot(b, Options(second.Port), index: 0);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        Task running = Task.WhenAll(slotA.RunAsync(stop.Token), slotB.RunAsync(stop.Token));
        await first.AcceptAsync(token);
        await second.AcceptAsync(token);

        await first.SendControlAsync(GetAtr, token);
        await second.SendControlAsync(GetAtr, token);
        Assert.That(await first.ReadFrameAsync(token), Is.EqualTo(a.Atr.ToArray()));
        Assert.That(await second.ReadFrameAsync(token), Is.EqualTo(b.Atr.ToArray()));

        await stop.CancelAsync();
        await running;
    }

    [Test]
    public void Options_PortZero_OnlyForASingleReversedSlot()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new VpcdSlot(DiagnosticCard(), new VpcdOptions { Port = 0 }), "normal mode dials a known port");
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new VpcdSlot(DiagnosticCard(), new VpcdOptions { Port = 0, Mode = VpcdMode.Reversed }, index: 1));
        var slot = new VpcdSlot(DiagnosticCard(), new VpcdOptions { Port = 0, Mode = VpcdMode.Reversed });
        Assert.That((slot.Port, slot.ListeningPort), Is.EqualTo((0, 0)), "not listening before it runs");
    }

    [Test]
    public void VpcdCardSide_TwoCards_SlotsNumberedOnConsecutivePorts()
    {
        var side = new VpcdCardSide([DiagnosticCard(), DiagnosticCard()], new VpcdOptions { Port = 40000 });
        Assert.That(side.Slots.Select(s => (s.Index, s.Port)), Is.EqualTo(new[] { (0, 40000), (1, 40001) }));
    }

    [Test]
    public async Task RunAsync_NothingListening_KeepsRetryingUntilVpcdAppears(CancellationToken token)
    {
        // The port is held (bound) but refuses connections until the fake vpcd listens on it.
        using var vpcd = new FakeVpcd(listening: false);
        var logger = new SignalingLogger();
        var slot = new VpcdSlot(DiagnosticCard(), Options(vpcd.Port), logger: logger);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        Task running = slot.RunAsync(stop.Token);

        // Two refused attempts logged: the slot retried. Then vpcd appears.
        await logger.WaitForAsync(ConnectFailedEvent, 2, token);
        vpcd.Listen();
        await vpcd.AcceptAsync(token);
        await vpcd.SendControlAsync(PowerOn, token);
        Assert.That(Hex.Encode(await vpcd.TransmitAsync("00A4040005F000000000", token)), Is.EqualTo("6A82"));

        await stop.CancelAsync();
        await running;
    }

    private static async Task SendFrameAsync(System.Net.Sockets.Socket socket, byte[] payload, CancellationToken token)
    {
        byte[] frame = new byte[2 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)payload.Length);
        payload.CopyTo(frame, 2);
        await socket.SendAsync(frame, System.Net.Sockets.SocketFlags.None, token);
    }

    private static async Task<byte[]> ReadFrameAsync(System.Net.Sockets.Socket socket, CancellationToken token)
    {
        byte[] header = new byte[2];
        await ReceiveExactlyAsync(socket, header, token);
        byte[] payload = new byte[BinaryPrimitives.ReadUInt16BigEndian(header)];
        await ReceiveExactlyAsync(socket, payload, token);
        return payload;
    }

    private static async Task ReceiveExactlyAsync(System.Net.Sockets.Socket socket, byte[] buffer, CancellationToken token)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n = await socket.ReceiveAsync(buffer.AsMemory(read), System.Net.Sockets.SocketFlags.None, token);
            if (n == 0)
                throw new IOException("closed");
            read += n;
        }
    }
}
