using System.CommandLine;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Cli.Commands;

/// <summary>The <c>--store</c> option shared by <c>run</c> and <c>node</c>: every node of a run must reach one journal.</summary>
public sealed record StoreOption(Option<string?> Option)
{
    public static StoreOption Create(string description) => new(new Option<string?>("--store") { Description = description });

    /// <summary>The scenario with the store the option names (checked), or unchanged without it; a bad store is an error.</summary>
    public ScenarioDefinition Apply(ParseResult parse, ScenarioDefinition definition, List<string> errors)
    {
        if (parse.GetValue(Option) is not { } store) return definition;
        try
        {
            StoreSettings.Parse(store);
            return definition with { Store = store };
        }
        catch (Exception e) when (e is FormatException or UriFormatException)
        {
            errors.Add($"--store: {e.Message}");
            return definition;
        }
    }
}
