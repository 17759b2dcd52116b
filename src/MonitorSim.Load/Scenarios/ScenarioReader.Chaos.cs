using YamlDotNet.RepresentationModel;

namespace MonitorSim.Load.Scenarios;

/// <summary>The <c>chaos:</c> section: faults of each kind at seeded random times (docs/scenarios.md#chaos).</summary>
internal sealed partial class ScenarioReader
{
    private static readonly string[] ChaosKeys = ["seed", "from", "until", "gap", "kill_node", "freeze_node", "partition", "store_unavailable", "for"];

    private ChaosSpec? ReadChaos(YamlNode node, TimeSpan duration)
    {
        const string path = "chaos";
        if (IsNull(node) || Mapping(node, path) is not { } map) return null;
        var keys = Keys(map, path, ChaosKeys);
        var errorsBefore = _errors.Count;
        int Count(string key) => keys.TryGetValue(key, out var n) ? ReadInt(n, $"{path}.{key}", min: 0) ?? 0 : 0;
        TimeSpan Time(string key, TimeSpan fallback, bool positive) =>
            keys.TryGetValue(key, out var n) ? ReadDuration(n, $"{path}.{key}", positive) ?? fallback : fallback;

        var (minFor, maxFor) = (TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15));
        if (keys.TryGetValue("for", out var forNode) && Mapping(forNode, $"{path}.for") is { } forMap)
        {
            var forKeys = Keys(forMap, $"{path}.for", ["min", "max"]);
            if (Required(forMap, forKeys, $"{path}.for", "min") is { } mn) minFor = ReadDuration(mn, $"{path}.for.min", positive: true) ?? minFor;
            if (Required(forMap, forKeys, $"{path}.for", "max") is { } mx) maxFor = ReadDuration(mx, $"{path}.for.max", positive: true) ?? maxFor;
        }
        var spec = new ChaosSpec(
            keys.TryGetValue("seed", out var seedNode) ? ReadInt(seedNode, $"{path}.seed") : null,
            Time("from", TimeSpan.Zero, positive: false),
            Time("until", duration, positive: true),
            Time("gap", TimeSpan.FromSeconds(30), positive: false),
            Count("kill_node"), Count("freeze_node"), Count("partition"), Count("store_unavailable"),
            minFor, maxFor, Line(map.Start));
        if (_errors.Count > errorsBefore) return spec;
        foreach (var (field, message) in spec.Problems(duration))
            Error(field == "chaos" ? map : keys.TryGetValue(field.Split('.')[0], out var at) ? at : map, field == "chaos" ? path : $"{path}.{field}", message);
        return spec;
    }
}
