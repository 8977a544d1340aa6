using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using CardOS.Cli.Hosting;
using CardOS.Cli.Profiles;
using CardOS.Cli.Scripting;
using CardOS.Reader.Tracing;
using CardOS.Reader.Vpcd;
using CardOS.Runtime;
using CardOS.Storage;
using Microsoft.Extensions.Logging;

namespace CardOS.Cli.Commands;

/// <summary>
/// <c>cardos serve</c>: cards behind vpcd, so that every PC/SC program sees them in "Virtual PCD 00 0n", until Ctrl-C
/// or SIGTERM. Lines on standard input insert, remove and power-cycle the cards while they are served.
/// </summary>
internal static class ServeCommand
{
    /// <summary>The slots Debian's vsmartcard-vpcd driver opens (VICC_MAX_SLOTS): "Virtual PCD 00 00" and "00 01".</summary>
    internal const int ReversedDriverSlots = 2;

    /// <summary>Why remove and cycle are refused in reversed mode.</summary>
    internal const string ReversedLinkWarning = "in reversed mode the link cannot close while pcscd runs: vsmartcard-vpcd 3.3 then calls select() on socket -1 and pcscd aborts ('bit out of range 0 - FD_SETSIZE'; docs/reader.md, Reversed mode)";

    public static Command Create()
    {
        var card = new Option<string[]>("--card", "-c")
        {
            Description = "The card profile; repeat for more cards (slot 0, 1, ...). Profiles: " + string.Join(", ", ProfileNames()) + ".",
            DefaultValueFactory = _ => ["diagnostic"],
            AllowMultipleArgumentsPerToken = false,
        };
        var image = new Option<FileInfo[]>("--image")
        {
            Description = "A card image file that keeps the card's EEPROM across runs (created if missing, recording the profile; an image issued as another profile is refused); repeat once per --card.",
            AllowMultipleArgumentsPerToken = false,
        };
        var anyProfile = new Option<bool>("--any-profile") { Description = "Run each --card profile on its --image even if the image was issued as another profile." };
        var port = new Option<int>("--port") { Description = "vpcd's port for slot 0 (slot n uses port + n).", DefaultValueFactory = _ => VpcdOptions.DefaultPort }
            .Ranged(1, 65535);
        var host = new Option<string>("--host") { Description = "vpcd's address (normal mode) or the address to listen on (reversed mode).", DefaultValueFactory = _ => "127.0.0.1" };
        var reversed = new Option<bool>("--reversed") { Description = "Listen for vpcd to connect (vpcd configured with a host name) instead of connecting to it." };
        var trace = new Option<string?>("--trace")
        {
            Description = "Trace each APDU and power event as a line of an APDU script with a decoded comment: to FILE (replay it with 'cardos script FILE'), or to standard output without FILE.",
            HelpName = "FILE",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var connectTimeout = new Option<int?>("--connect-timeout")
        {
            Description = "Give up (exit 3) when a slot has no link to vpcd after this many seconds. Default: wait forever, retrying and saying so.",
            HelpName = "SECONDS",
        }.Ranged(1, int.MaxValue, "a number of seconds");
        var traceSecrets = new Option<bool>("--trace-secrets")
        {
            Description = "Write secret command data (VERIFY and CHANGE REFERENCE DATA PINs, keys the applets mark secret) to the trace in clear instead of masking it with '*'.",
        };

        var command = new Command("serve", "Serve cards to PC/SC through vpcd (pcscd with vsmartcard-vpcd) until Ctrl-C or SIGTERM. "
            + "Type 'remove', 'insert', 'cycle' (optionally with a slot number), 'status' or 'quit' on standard input while serving.")
        {
            card, image, port, host, reversed, trace, traceSecrets, connectTimeout, anyProfile,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var settings = new ServeSettings(
                parse.GetValue(card) ?? ["diagnostic"],
                [.. (parse.GetValue(image) ?? []).Select(file => file.FullName)],
                parse.GetValue(port),
                parse.GetValue(host) ?? "127.0.0.1",
                parse.GetValue(reversed),
                parse.GetResult(trace) is null ? null : parse.GetValue(trace) ?? ServeSettings.StandardOutput,
                parse.GetValue(connectTimeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                parse.GetValue(traceSecrets))
            {
                AnyProfile = parse.GetValue(anyProfile),
            };
            return RunAsync(settings, Console.In, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken);
        });
        return command;
    }

    /// <summary>Serves until <paramref name="cancellationToken"/> is cancelled, SIGINT or SIGTERM arrives, or 'quit' is read.</summary>
    /// <returns>The exit code: 0 after a clean stop, 2 for bad arguments or an unusable image, 3 when another process holds an image or vpcd was not reached within the connect timeout.</returns>
    internal static async Task<int> RunAsync(ServeSettings settings, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        output = TextWriter.Synchronized(output);
        if (settings.Images.Count > 0 && settings.Images.Count != settings.Cards.Count)
        {
            await error.WriteLineAsync($"cardos serve: {settings.Images.Count} --image for {settings.Cards.Count} --card; give one image per card, or none.").ConfigureAwait(false);
            return 2;
        }

        // Inputs first: every profile known, every existing image validated and locked, before any file is written.
        var profiles = new List<CardProfile>();
        foreach (string name in settings.Cards)
        {
            CardProfile? profile = CardProfiles.Find(name);
            if (profile is null)
            {
                await error.WriteLineAsync($"cardos serve: unknown card profile '{name}'; known: {string.Join(", ", ProfileNames())}.").ConfigureAwait(false);
                return 2;
            }

            profiles.Add(profile);
        }

        var images = new CardImageFile?[settings.Images.Count];
        var created = new List<string>();
        ScriptTraceLoggerProvider? trace = null;
        bool serving = false;
        try
        {
            string? clash = FindClash(settings);
            if (clash is not null)
            {
                await error.WriteLineAsync($"cardos serve: {clash}").ConfigureAwait(false);
                return 2;
            }

            for (int i = 0; i < images.Length; i++)
            {
                if (!File.Exists(settings.Images[i]) && !Directory.Exists(settings.Images[i]))
                    continue;
                int twin = Array.FindIndex(images, image => image is not null && image.IsSameFile(settings.Images[i]));
                if (twin >= 0)
                {
                    await error.WriteLineAsync($"cardos serve: slots {twin} and {i} are given the same image {settings.Images[i]}; give each card its own.").ConfigureAwait(false);
                    return 2;
                }

                images[i] = profiles[i].OpenImage(settings.Images[i], settings.AnyProfile);
            }

            // Then the outputs: images that do not exist yet, and the trace (truncated only once it is known not to be an image).
            for (int i = 0; i < images.Length; i++)
            {
                if (images[i] is not null)
                    continue;
                images[i] = profiles[i].CreateImage(settings.Images[i]);
                created.Add(settings.Images[i]);
            }

            var cards = new List<Card>();
            for (int i = 0; i < profiles.Count; i++)
            {
                CardImageFile? image = images.Length == 0 ? null : images[i];
                cards.Add(image is null ? profiles[i].CreateCard() : profiles[i].CreateCard(image));
            }

            string? trouble = OpenTrace(settings.Trace, images, output, out trace);
            if (trouble is not null)
            {
                await error.WriteLineAsync(Messages.Line("cardos serve", trouble)).ConfigureAwait(false);
                return 2;
            }

            // vsmartcard-vpcd 3.3 in reversed mode connects to every one of its slots when pcscd starts, and aborts pcscd
            // at the first poll of a slot it could not reach (docs/reader.md, "Reversed mode"): serve them all.
            while (settings.Reversed && cards.Count < ReversedDriverSlots)
            {
                CardProfile blank = CardProfiles.Find("blank")!;
                profiles.Add(blank);
                cards.Add(blank.CreateCard());
                output.WriteLine($"slot {cards.Count - 1}: a blank card too: in reversed mode vsmartcard-vpcd connects to all {ReversedDriverSlots} of its slots when pcscd starts, and a slot it cannot reach makes pcscd abort");
            }

            for (int i = 0; i < images.Length; i++)
                output.WriteLine($"slot {i}: image {images[i]!.FilePath} ({images[i]!.Capacity} bytes, {images[i]!.Sequence} flushes so far)");
            serving = true;
            return await ServeAsync(settings, cards, profiles, trace?.CreateLogger(ApduTrace.Category), input, output, error, cancellationToken).ConfigureAwait(false);
        }
        catch (CardImageException e)
        {
            return ExitCode.Report(error, "cardos serve", e);
        }
        finally
        {
            // Each card flushed its image after every command and at power-off; closing releases the file locks.
            trace?.Dispose();
            foreach (CardImageFile? image in images)
                image?.Dispose();
            if (!serving)
            {
                // A run that never served leaves nothing behind: images it created go again.
                foreach (string path in created)
                    File.Delete(path);
            }
        }
    }

    /// <summary>An image path given twice, or a trace path that is an image's (links to an image are caught once the images are open); else null.</summary>
    private static string? FindClash(ServeSettings settings)
    {
        for (int i = 0; i < settings.Images.Count; i++)
        {
            for (int j = 0; j < i; j++)
            {
                if (SameFile(settings.Images[i], settings.Images[j]))
                    return $"slots {j} and {i} are given the same image {settings.Images[i]}; give each card its own.";
            }

            if (settings.Trace is not null and not ServeSettings.StandardOutput && SameFile(settings.Trace, settings.Images[i]))
                return $"--trace {settings.Trace} is the image of slot {i}; the trace would overwrite the card.";
        }

        return null;
    }

    private static bool SameFile(string first, string second) =>
        string.Equals(Path.GetFullPath(first), Path.GetFullPath(second), StringComparison.Ordinal);

    /// <summary>
    /// The APDU trace's sink: script lines to standard output or to a file. The file is checked against the open images
    /// (a hard link to one too), opened without truncating it (its lock is taken first), and only then emptied.
    /// </summary>
    /// <returns>Null, or what is wrong with the trace file.</returns>
    private static string? OpenTrace(string? destination, CardImageFile?[] images, TextWriter output, out ScriptTraceLoggerProvider? trace)
    {
        trace = null;
        if (destination is null)
            return null;
        if (destination == ServeSettings.StandardOutput)
        {
            trace = new ScriptTraceLoggerProvider(output);
            return null;
        }

        for (int i = 0; i < images.Length; i++)
        {
            if (images[i]!.IsSameFile(destination))
                return $"--trace {destination} is the image of slot {i}; the trace would overwrite the card.";
        }

        FileStream stream;
        try
        {
            stream = new FileStream(destination, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"cannot write the trace to {destination}: {e.Message}";
        }

        try
        {
            if (stream.CanSeek)
                stream.SetLength(0);
        }
        catch (IOException e)
        {
            stream.Dispose();
            return $"cannot write the trace to {destination}: {e.Message}";
        }

        trace = new ScriptTraceLoggerProvider(new StreamWriter(stream) { AutoFlush = true }, ownsWriter: true);
        return null;
    }

    private static async Task<int> ServeAsync(ServeSettings settings, List<Card> cards, List<CardProfile> profiles, ILogger? trace, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var options = new VpcdOptions
        {
            Host = settings.Host,
            Port = settings.Port,
            Mode = settings.Reversed ? VpcdMode.Reversed : VpcdMode.Normal,
        };
        VpcdCardSide side;
        try
        {
            side = new VpcdCardSide(cards, options);
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync(Messages.Line("cardos serve", e.Message)).ConfigureAwait(false);
            return 2;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

        var linked = new TaskCompletionSource[side.Slots.Count];
        var lastFailure = new string[side.Slots.Count];
        foreach (VpcdSlot slot in side.Slots)
        {
            int index = slot.Index;
            linked[index] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            int failures = 0;
            slot.StateChanged += (_, e) =>
            {
                if (e.Kind == VpcdSlotEventKind.LinkUp)
                {
                    failures = 0;
                    linked[index].TrySetResult();
                }

                if (e.Kind != VpcdSlotEventKind.ConnectFailed)
                {
                    output.WriteLine($"slot {e.Slot}: {Describe(e.Kind)}{(e.Detail.Length == 0 ? string.Empty : " " + e.Detail)}");
                    return;
                }

                // Each failure is retried within half a second: say the first, any new reason, and then every 20th.
                failures++;
                if (failures == 1 || e.Detail != lastFailure[index] || failures % 20 == 0)
                    output.WriteLine($"slot {e.Slot}: {ExplainConnectFailure(settings, slot.Port, e.Detail)} (retrying, attempt {failures})");
                lastFailure[index] = e.Detail;
            };
            if (trace is not null)
            {
                string reader = $"slot {slot.Index}";
                SecretCommands secrets = settings.TraceSecrets ? SecretCommands.None : profiles[index].Secrets;
                slot.ApduExchanged += (_, e) => ApduTrace.Exchange(trace, reader, e.Command.Span, e.Response.Span, e.Elapsed, secrets);
                slot.StateChanged += (_, e) => TracePower(trace, reader, e);
            }

            string where = settings.Reversed ? $"listening on {settings.Host}:{slot.Port} for vpcd to connect" : $"connecting to vpcd at {settings.Host}:{slot.Port}";
            output.WriteLine($"slot {slot.Index}: {profiles[slot.Index].Name} card in reader 'Virtual PCD 00 {slot.Index:D2}', {where}");
        }

        if (settings.Reversed)
        {
            output.WriteLine("reversed mode: start (or restart) pcscd now, after these lines: vsmartcard-vpcd connects to each slot once, when pcscd starts");
            output.WriteLine("reversed mode: keep this running while pcscd runs; when it stops, the links close and vsmartcard-vpcd 3.3 aborts pcscd");
        }

        output.WriteLine(settings.ConnectTimeout is { } timeout
            ? string.Create(CultureInfo.InvariantCulture, $"waiting for pcscd's vpcd driver (vsmartcard-vpcd) to take each slot's link; giving up after {timeout.TotalSeconds:N0} s")
            : "waiting for pcscd's vpcd driver (vsmartcard-vpcd) to take each slot's link, as long as it takes (--connect-timeout SECONDS gives up)");
        output.WriteLine("serving; type 'help' for commands, Ctrl-C to stop");
        Task serving = side.RunAsync(stop.Token);
        _ = Task.Run(() => ReadControlAsync(side, input, output, stop), CancellationToken.None);
        int exit = ExitCode.Success;
        if (settings.ConnectTimeout is { } limit)
        {
            Task allLinked = Task.WhenAll(linked.Select(signal => signal.Task));
            Task first = await Task.WhenAny(allLinked, serving, Task.Delay(limit, stop.Token)).ConfigureAwait(false);
            if (first != allLinked && first != serving && !stop.IsCancellationRequested)
            {
                for (int i = 0; i < linked.Length; i++)
                {
                    if (!linked[i].Task.IsCompleted)
                    {
                        string why = lastFailure[i] is { } failure ? ExplainConnectFailure(settings, side.Slots[i].Port, failure) : "vpcd never connected";
                        await error.WriteLineAsync(Messages.Line("cardos serve", string.Create(CultureInfo.InvariantCulture, $"slot {i}: no link to vpcd after {limit.TotalSeconds:N0} s: {why}"))).ConfigureAwait(false);
                    }
                }

                exit = ExitCode.Environment;
                await stop.CancelAsync().ConfigureAwait(false);
            }
        }

        await serving.ConfigureAwait(false);

        foreach (Card served in cards)
            served.PowerOff();
        output.WriteLine("stopped");
        return exit;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    /// <summary>
    /// What a failed link attempt means for the user: "connection refused to vpcd at 127.0.0.1:35963: is pcscd with
    /// vsmartcard-vpcd running?".
    /// </summary>
    internal static string ExplainConnectFailure(ServeSettings settings, int port, string reason)
    {
        string address = $"{settings.Host}:{port}";
        if (settings.Reversed)
        {
            return reason.Contains("in use", StringComparison.OrdinalIgnoreCase)
                ? $"cannot listen on {address}: the address is already in use (another cardos serve, or a vpcd driver in normal mode listening there)"
                : $"cannot listen on {address}: {Messages.Trim(reason)}";
        }

        return reason.Contains("refused", StringComparison.OrdinalIgnoreCase)
            ? $"connection refused to vpcd at {address}: is pcscd with vsmartcard-vpcd running, with a reader on this port?"
            : $"cannot reach vpcd at {address}: {Messages.Trim(reason)}";
    }

    private static async Task ReadControlAsync(VpcdCardSide side, TextReader input, TextWriter output, CancellationTokenSource stop)
    {
        while (!stop.IsCancellationRequested)
        {
            string? line;
            try
            {
                line = await input.ReadLineAsync(stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (line is null)
                return;
            string reply = Control(side, line, stop);
            if (reply.Length > 0)
                output.WriteLine(reply);
        }
    }

    /// <summary>Carries out one control line and returns the reply.</summary>
    internal static string Control(VpcdCardSide side, string line, CancellationTokenSource stop)
    {
        string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
            return string.Empty;

        string verb = words[0].ToLowerInvariant();
        if (verb is "quit" or "exit")
        {
            stop.Cancel();
            return "ok: stopping";
        }

        if (verb == "help")
        {
            return side.Slots[0].Mode == VpcdMode.Reversed
                ? "commands: status, quit (remove and cycle are not available in reversed mode: docs/reader.md, Reversed mode)"
                : "commands: remove [slot], insert [slot], cycle [slot] (remove and insert: the card loses power), status, quit";
        }

        if (verb == "status")
        {
            var lines = new List<string>();
            foreach (VpcdSlot each in side.Slots)
                lines.Add($"slot {each.Index}: {(each.IsInserted ? "inserted" : "removed")}, link {each.LinkState.ToString().ToLowerInvariant()}, port {each.Port}");
            return string.Join(Environment.NewLine, lines);
        }

        int index = 0;
        if (words.Length > 1 && (!int.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out index) || index >= side.Slots.Count))
            return $"error: no slot '{words[1]}' (slots 0 to {side.Slots.Count - 1})";
        VpcdSlot slot = side.Slots[index];
        if (slot.Mode == VpcdMode.Reversed && verb is "remove" or "cycle" or "power-cycle")
            return $"error: {verb} is not available: {ReversedLinkWarning}; serve in normal mode to remove cards";
        switch (verb)
        {
            case "remove":
                slot.Remove();
                return $"ok: slot {index} removed";
            case "insert":
                slot.Insert();
                return $"ok: slot {index} inserted";
            case "cycle" or "power-cycle":
                slot.PowerCycle();
                return $"ok: slot {index} power-cycled";
            default:
                return $"error: unknown command '{words[0]}'; type 'help'";
        }
    }

    private static void TracePower(ILogger trace, string reader, VpcdSlotEventArgs e)
    {
        switch (e.Kind)
        {
            case VpcdSlotEventKind.PoweredOn when !e.Atr.IsEmpty:
                ApduTrace.PowerUp(trace, reader, e.Atr.Span);
                break;
            case VpcdSlotEventKind.Reset when !e.Atr.IsEmpty:
                ApduTrace.Reset(trace, reader, e.Atr.Span);
                break;
            case VpcdSlotEventKind.PoweredOff or VpcdSlotEventKind.Removed:
                ApduTrace.PowerDown(trace, reader);
                break;
        }
    }

    private static string Describe(VpcdSlotEventKind kind) => kind switch
    {
        VpcdSlotEventKind.LinkUp => "link up",
        VpcdSlotEventKind.LinkDown => "link down:",
        VpcdSlotEventKind.PoweredOn => "powered on,",
        VpcdSlotEventKind.PoweredOff => "powered off",
        VpcdSlotEventKind.Reset => "reset,",
        VpcdSlotEventKind.Inserted => "card inserted,",
        VpcdSlotEventKind.Removed => "card removed,",
        VpcdSlotEventKind.ProtocolError => "protocol error:",
        VpcdSlotEventKind.ConnectFailed => "no link:",
        _ => kind.ToString(),
    };

    private static IEnumerable<string> ProfileNames()
    {
        foreach (CardProfile profile in CardProfiles.All)
            yield return profile.Name;
    }
}
