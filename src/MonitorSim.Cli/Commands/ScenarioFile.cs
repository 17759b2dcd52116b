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
        path = Resolve(path);
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

    /// <summary>
    /// A relative path that names no file here but one shipped with the installed tool (<c>scenarios/…</c> beside the
    /// tool's assemblies) is that one: <c>monitorsim run</c> from a .NET tool install finds its default scenario from any
    /// directory. A file here always wins.
    /// </summary>
    public static string Resolve(string path)
    {
        if (File.Exists(path) || Path.IsPathRooted(path)) return path;
        var shipped = Path.Combine(AppContext.BaseDirectory, path);
        return File.Exists(shipped) ? shipped : path;
    }
}
