using System.CommandLine;
using MonitorSim.Cli.Commands;
using Spectre.Console;

var console = AnsiConsole.Console;
var root = new RootCommand("MonitorSim: simulate a city's video-monitoring tree on an Akka.NET cluster, load it, measure it")
{
    RunCommand.Create(console),
};
var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors) console.MarkupLineInterpolated($"[red]error:[/] {error.Message}");
    return ExitCodes.BadInput;
}
return await parse.InvokeAsync();
