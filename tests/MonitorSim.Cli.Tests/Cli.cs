using System.Globalization;
using Spectre.Console;

namespace MonitorSim.Cli.Tests;

/// <summary>Runs the <c>monitorsim</c> command line in-process with a console that records what it prints.</summary>
internal static class Cli
{
    // A tree run takes ~10 s; this only keeps a hung run from hanging the whole test session.
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(3);

    public static async Task<CliResult> RunAsync(params string[] args)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        var exitCode = await MonitorSimApp.RunAsync(args, Console(writer), CancellationToken.None).WaitAsync(Hang);
        return new CliResult(exitCode, writer.ToString());
    }

    /// <summary>A plain console writing to <paramref name="writer"/>: no colours, not interactive, and wide enough that no
    /// message wraps, so assertions can look for whole phrases.</summary>
    internal static IAnsiConsole Console(StringWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 400;
        return console;
    }
}
