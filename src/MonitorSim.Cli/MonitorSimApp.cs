using System.CommandLine;
using System.CommandLine.Invocation;
using MonitorSim.Cli.Commands;
using MonitorSim.Cli.Output;
using MonitorSim.Load.Results;
using Spectre.Console;

namespace MonitorSim.Cli;

/// <summary>The <c>monitorsim</c> command line, callable in-process (tests) as well as from <c>Main</c>.</summary>
public static class MonitorSimApp
{
    public static async Task<int> RunAsync(string[] args, IAnsiConsole real, CancellationToken ct = default)
    {
        var console = new QuietableConsole(real);
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the verdict line (and errors)", Recursive = true };
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
            ValidateCommand.Create(console),
            quiet,
        };
        // The build's own stamp (version, commit, configuration, runtime), not the entry assembly's bare version.
        foreach (var version in root.Options.OfType<VersionOption>()) version.Action = new PrintVersion(real);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) console.Error($"{error.Message}");
            return ExitCodes.Of(Outcome.BadInput);
        }
        console.Quiet = parse.GetValue(quiet);
        try
        {
            // Termination signals are the caller's to handle (Program turns Ctrl-C and SIGTERM into ct): System.CommandLine's
            // own handler would give up on the command after a timeout and return while the run is still stopping its nodes
            // and writing its reports.
            return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false }, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            console.Verdict("ABORTED", "stopped by a signal (Ctrl-C or SIGTERM) before there was anything to report", good: false);
            return ExitCodes.Of(Outcome.Aborted);
        }
        catch (Exception e)
        {
            // Whatever a command did not expect is a failure of the run itself, never a verdict on the system under test.
            console.Error($"monitorsim failed: {e.GetType().Name}: {e.Message}");
            await Console.Error.WriteLineAsync(e.ToString());
            console.Verdict("RUN FAILED", $"{e.GetType().Name}: {e.Message}", good: false);
            return ExitCodes.Of(Outcome.RunFailed);
        }
    }

    private sealed class PrintVersion(IAnsiConsole console) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var build = BuildInfo.Current;
            var writer = console.Profile.Out.Writer;
            writer.WriteLine($"monitorsim {build.Version}");
            writer.WriteLine($"commit {build.Commit}");
            writer.WriteLine($"configuration {build.Configuration}");
            writer.WriteLine($"runtime {build.Runtime}");
            writer.Flush();
            return ExitCodes.Passed;
        }
    }
}
