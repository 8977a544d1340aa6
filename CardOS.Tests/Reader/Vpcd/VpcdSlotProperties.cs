using CardOS.Apdu;
using CardOS.Cli.Profiles;
using CardOS.Reader.Vpcd;

namespace CardOS.Tests.Reader.Vpcd;

/// <summary>
/// Random frames into one served card over one link: every command frame gets a well-formed answer, empty frames and
/// unknown control codes are ignored, and the link stays up throughout.
/// </summary>
[NonParallelizable]
public sealed class VpcdSlotProperties : IDisposable
{
    private FakeVpcd? _vpcd;
    private VpcdSlot? _slot;
    private CancellationTokenSource? _stop;
    private Task? _running;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _vpcd = new FakeVpcd();
        _slot = new VpcdSlot(CardProfiles.Find("diagnostic")!.CreateCard(), new VpcdOptions { Port = _vpcd.Port });
        _stop = new CancellationTokenSource();
        _running = _slot.RunAsync(_stop.Token);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _vpcd.AcceptAsync(timeout.Token);
        await _vpcd.SendControlAsync(1, timeout.Token);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _stop!.CancelAsync();
        await _running!;
        Dispose();
    }

    [FsCheck.NUnit.Property(MaxTest = 300)]
    public void Frames_RandomCommandsAndNoise_EveryCommandAnsweredWellFormedLinkKept(byte[][] commands, byte noise)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        CancellationToken token = timeout.Token;
        foreach (byte[] raw in commands)
        {
            if (raw is null)
                continue;

            // Noise between commands: an empty frame, or a control code vpcd does not have.
            if ((noise & 1) != 0)
                _vpcd!.SendRawAsync([0, 0], token).GetAwaiter().GetResult();
            if ((noise & 2) != 0)
                _vpcd!.SendControlAsync(0x55, token).GetAwaiter().GetResult();

            // A one-byte payload is a control code, not an APDU: commands have two bytes or more.
            byte[] command = raw.Length >= 2 ? raw : [.. raw, 0x00, 0xA4];
            _vpcd!.SendFrameAsync(command, token).GetAwaiter().GetResult();
            byte[] answer = _vpcd.ReadFrameAsync(token).GetAwaiter().GetResult();

            Assert.That(answer, Has.Length.GreaterThanOrEqualTo(2), Hex.Encode(command));
            Assert.That(new StatusWord(answer[^2], answer[^1]).IsValid, Is.True, $"{Hex.Encode(command)} -> {Hex.Encode(answer)}");
        }

        Assert.That(_slot!.LinkState, Is.EqualTo(VpcdLinkState.Connected));
    }

    public void Dispose()
    {
        _vpcd?.Dispose();
        _stop?.Dispose();
        _vpcd = null;
        _stop = null;
    }
}
