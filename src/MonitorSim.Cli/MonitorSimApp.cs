using System.CommandLine;
using MonitorSim.Cli.Commands;
using Spectre.Console;

namespace MonitorSim.Cli;

/// <summary>The <c>monitorsim</c> command line, callable in-process (tests) as well as from <c>Main</c>.</summary>
public static class MonitorSimApp
{
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, CancellationToken ct = default)
    {
        var root = new RootCommand("MonitorSim: simulate a city's video-monitoring tree on an Akka.NET cluster, load it, measure it")
        {
            RunCommand.Create(console),
            NodeCommand.Create(console),
            CompareCommand.Create(console),
            ModelCommand.Create(console),
            SizeCommand.Create(console),
            ReplayCommand.Create(console),
            GenerateCommand.Create(console),
            SipPlatformCommand.Create(console),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) console.MarkupLineInterpolated($"[red]error:[/] {error.Message}");
            return ExitCodes.BadInput;
        }
        // Termination signals are the caller's to handle (Program turns Ctrl-C and SIGTERM into ct): System.CommandLine's own
        // handler would give up on the command after a timeout and return while the run is still stopping its nodes and
        // writing its reports.
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, ct);
    }
}
