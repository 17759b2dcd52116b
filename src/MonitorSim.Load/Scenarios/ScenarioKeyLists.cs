using System.Text.RegularExpressions;

namespace MonitorSim.Load.Scenarios;

/// <summary>
/// The keys the scenario reader accepts, mapping by mapping, as it reads a document: there is no one list of them (each
/// section's reader names its own), so they are collected from the reader itself while it walks. Only mappings the
/// document has are visited; docs/scenario.schema.json is checked against what a document using every key gives.
/// </summary>
public static partial class ScenarioKeyLists
{
    [GeneratedRegex(@"\[\d+\]", RegexOptions.CultureInvariant)]
    private static partial Regex Index();

    /// <summary>Reads <paramref name="yamlText"/> and gives, for each mapping the reader looked at, its path with list
    /// indices as <c>[]</c> (<c>""</c> for the root, <c>scenarios[].load[].inject</c>) and every key it accepts there
    /// (the union where the keys depend on a value, as an operation's do on its target). The document's own errors do not
    /// matter: the reader walks on past them.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Read(string yamlText, string sourceName)
    {
        var seen = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var reader = new ScenarioReader(sourceName)
        {
            KeysAccepted = (path, keys) =>
            {
                var at = Index().Replace(path, "[]");
                if (!seen.TryGetValue(at, out var set)) seen[at] = set = new SortedSet<string>(StringComparer.Ordinal);
                set.UnionWith(keys);
            },
        };
        try
        {
            reader.Read(yamlText);
        }
        catch (ScenarioException)
        {
            // What the reader accepts does not depend on whether this document passed.
        }
        return seen.ToDictionary(p => p.Key, p => (IReadOnlySet<string>)p.Value, StringComparer.Ordinal);
    }
}
