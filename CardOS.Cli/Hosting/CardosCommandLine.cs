using System.CommandLine;
using System.CommandLine.Parsing;
using CardOS.Cli.Commands;
using CardOS.Storage;

namespace CardOS.Cli.Hosting;

/// <summary>
/// The <c>cardos</c> command line: every command, one-line parse errors that name the option and what it accepts
/// (then one line pointing at <c>--help</c>), and the exit codes of <see cref="ExitCode"/> for every command.
/// </summary>
internal static class CardosCommandLine
{
    /// <summary>The root command with every subcommand.</summary>
    public static RootCommand CreateRoot() => new("cardos: a JavaCard-style smart-card OS emulator. Run cards in-process, behind a virtual PC/SC reader, or from image files. Exit codes: 0 success, 1 the card or script said no, 2 usage or input error, 3 environment (pcscd/vpcd unreachable, file locked).")
    {
        DemoCommand.Create(),
        ServeCommand.Create(),
        ScriptCommand.Create(),
        InspectCommand.Create(),
        ImageCommitLoopCommand.Create(),
        SimulateCommand.Create(),
        IssueCommand.Create(),
    };

    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        RootCommand root = CreateRoot();
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            ReportParseErrors(parse, error);
            return ExitCode.Usage;
        }

        try
        {
            var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
            return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCode.Success;
        }
        catch (Exception e) when (ExitCode.IsEnvironmental(e) || e is CardImageException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync(Messages.Line(CommandPath(parse), e.Message)).ConfigureAwait(false);
            return ExitCode.For(e);
        }
#pragma warning disable CA1031 // The last resort: a command's unexpected failure is one line and exit 1, never a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await error.WriteLineAsync(Messages.Line(CommandPath(parse), $"failed: {e.GetType().Name}: {e.Message}")).ConfigureAwait(false);
            return ExitCode.Refused;
        }
    }

    /// <summary>One line per parse error naming the option and what it accepts, then one line pointing at --help.</summary>
    internal static void ReportParseErrors(ParseResult parse, TextWriter error)
    {
        string path = CommandPath(parse);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (ParseError parseError in parse.Errors)
        {
            string line = Messages.Line(path, Describe(parseError));
            if (seen.Add(line))
                error.WriteLine(line);
        }

        error.WriteLine($"Run '{path} --help' for the options and what they accept.");
    }

    private static string Describe(ParseError parseError)
    {
        string message = Messages.Trim(parseError.Message);
        Symbol? symbol = parseError.SymbolResult switch
        {
            OptionResult option => option.Option,
            ArgumentResult { Parent: OptionResult option } => option.Option,
            ArgumentResult argument => argument.Argument,
            _ => null,
        };
        if (symbol is null && message.StartsWith("Required command", StringComparison.Ordinal) && parseError.SymbolResult is CommandResult parent)
            return "give a command: " + string.Join(", ", parent.Command.Subcommands.Select(command => command.Name));
        if (symbol is null)
            return Lowercase(message);

        string name = symbol is Option option1 ? option1.Name : $"<{symbol.Name}>";
        string accepts = OptionAccepts.Describe(symbol);
        IReadOnlyList<Token> tokens = parseError.SymbolResult!.Tokens;
        // System.CommandLine's English messages name .NET types and quote the symbol again; say it plainly instead.
        if (tokens.Count > 0 && (message.StartsWith("Cannot parse argument", StringComparison.Ordinal) || message.Contains("not recognized", StringComparison.Ordinal)))
            return $"{name}: '{tokens[^1].Value}' is not {accepts}";
        if (message.StartsWith("Required argument missing", StringComparison.Ordinal))
            return $"{name} needs a value: {accepts}";
        if (message.StartsWith("Required argument", StringComparison.Ordinal) || message.EndsWith("is required", StringComparison.Ordinal))
            return $"{name} is required: {accepts}";
        if (message.Contains("it accepts", StringComparison.Ordinal))
            return $"{name}: {message}";
        return $"{name}: {Lowercase(message)}; it accepts {accepts}";
    }

    private static string Lowercase(string message) =>
        message.Length > 1 && char.IsUpper(message[0]) && !char.IsUpper(message[1]) ? char.ToLowerInvariant(message[0]) + message[1..] : message;

    /// <summary>"cardos simulate": the command the parse reached.</summary>
    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (SymbolResult? result = parse.CommandResult; result is CommandResult command; result = command.Parent)
        {
            if (command.Command is not RootCommand)
                names.Add(command.Command.Name);
        }

        names.Add("cardos");
        names.Reverse();
        return string.Join(' ', names);
    }
}
