using MonitorSim.Cli.Output;
using MonitorSim.Load.Scenarios;
using Spectre.Console;

namespace MonitorSim.Cli.Commands;

/// <summary>How every command that takes a scenario reads it: refused with each error (file, line and field) on the
/// console, and the command then exits with <see cref="ExitCodes.BadInput"/>.</summary>
internal static class ScenarioFile
{
    public static bool TryLoad(IAnsiConsole console, string path, out ScenarioDefinition definition)
    {
        try
        {
            definition = ScenarioLoader.Load(path);
            return true;
        }
        catch (ScenarioException e)
        {
            foreach (var error in e.Errors) console.Error($"{error}");
            definition = null!;
            return false;
        }
    }
}
