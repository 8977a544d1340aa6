using CardOS.Cli.Hosting;

return await CardosCommandLine.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
