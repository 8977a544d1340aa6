using System.CommandLine;
using CardOS.Cli.Commands;

var root = new RootCommand("cardos: a JavaCard-style smart-card OS emulator. Run cards in-process, behind a virtual PC/SC reader, or from image files.")
{
    DemoCommand.Create(),
    ServeCommand.Create(),
    ScriptCommand.Create(),
    InspectCommand.Create(),
    ImageCommitLoopCommand.Create(),
    SimulateCommand.Create(),
    IssueCommand.Create(),
};

return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
