using System.Globalization;
using System.Text.RegularExpressions;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Storage;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Thresholds;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

using MonitorSim.Load.Results;

namespace MonitorSim.Load.Scenarios;

/// <summary>The <c>faults:</c> list: restart, kill_node, freeze_node, partition, store_unavailable.</summary>
internal sealed partial class ScenarioReader
{
    /// <summary><c>kill_node: K</c>: node K of a multi-node run (1 is the coordinator, which drives the load and cannot be
    /// killed from its own scenario) is killed outright (SIGKILL), as a crashed host would be.</summary>
    private FaultDefinition? ReadKillNode(YamlNode node, string path)
    {
        if (WorkerNode(node, path, "killed") is not { } k) return null;
        return new FaultDefinition(TimeSpan.Zero, FaultTarget.Node, null, false, TimeSpan.Zero, Node: k);
    }

    /// <summary>A node number a fault may act on: 2 or higher, since node 1 is the coordinator.</summary>
    private int? WorkerNode(YamlNode node, string path, string done)
    {
        if (ReadInt(node, path, min: 1) is not { } k) return null;
        if (k != 1) return k;
        Error(node, path, $"node 1 is the coordinator: it drives the load and writes the reports, so it cannot be {done} by its own run; use node 2 or higher");
        return null;
    }

    /// <summary><c>freeze_node: { node: K, for: D }</c>: node K stops dead for D (SIGSTOP), then carries on (SIGCONT).</summary>
    private FaultDefinition? ReadFreezeNode(YamlNode node, string path)
    {
        if (Mapping(node, path) is not { } map) return null;
        var keys = Keys(map, path, ["node", "for"]);
        var k = Required(map, keys, path, "node") is { } n ? WorkerNode(n, $"{path}.node", "frozen") : null;
        var duration = Required(map, keys, path, "for") is { } f ? ReadDuration(f, $"{path}.for", positive: true) : null;
        return k is { } kk && duration is { } d ? new FaultDefinition(TimeSpan.Zero, FaultTarget.NodeFreeze, null, false, d, Node: kk) : null;
    }

    /// <summary><c>partition: [a, b], for: D</c>: the network between nodes a and b drops everything, both ways, for D.
    /// Node 1 (the coordinator) may be one side: it stays up, and the other side is what the cluster may lose.</summary>
    private FaultDefinition? ReadPartition(YamlNode node, YamlNode? forNode, YamlMappingNode fault, string path)
    {
        TimeSpan? duration = null;
        if (forNode is null) Error(fault, $"{path}.for", "required for a partition: how long the two nodes cannot reach each other, e.g. 10s");
        else duration = ReadDuration(forNode, $"{path}.for", positive: true);
        if (Sequence(node, $"{path}.partition") is not { } seq) return null;
        if (seq.Children.Count != 2)
        {
            Error(seq, $"{path}.partition", $"names the two nodes it cuts apart, e.g. [1, 2]; got {seq.Children.Count} item(s)");
            return null;
        }
        var a = ReadInt(seq.Children[0], $"{path}.partition[0]", min: 1);
        var b = ReadInt(seq.Children[1], $"{path}.partition[1]", min: 1);
        if (a is { } x && b is { } y && x == y)
        {
            Error(seq, $"{path}.partition", $"cuts a node off from itself ({x}); name two different nodes");
            return null;
        }
        return a is { } aa && b is { } bb && duration is { } d
            ? new FaultDefinition(TimeSpan.Zero, FaultTarget.Partition, null, false, d, Node: aa, PeerNode: bb)
            : null;
    }

    private List<FaultDefinition> ReadFaults(YamlNode node, TimeSpan? duration, TopologySpec topology, IReadOnlyList<CitySpec>? cities)
    {
        var result = new List<FaultDefinition>();
        if (IsNull(node) || Sequence(node, "faults") is not { } seq) return result;
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var path = $"faults[{i}]";
            if (Mapping(seq.Children[i], path) is not { } map) continue;
            var keys = Keys(map, path, ["at", "for", .. FaultActions]);

            TimeSpan? at = null;
            if (Required(map, keys, path, "at") is { } atNode && ReadDuration(atNode, $"{path}.at", positive: false) is { } a)
            {
                if (duration is { } d && a >= d)
                    Error(atNode, $"{path}.at", $"must be before the end of the run (duration {Durations.Format(d)}), got {Durations.Format(a)}");
                else
                    at = a;
            }

            var actions = FaultActions.Where(keys.ContainsKey).ToList();
            if (actions.Count != 1)
            {
                Error(map, path, actions.Count == 0
                    ? $"needs an action ({string.Join(", ", FaultActions)})"
                    : $"has {actions.Count} actions; write one fault per action");
                continue;
            }

            if (actions[0] != "partition" && keys.TryGetValue("for", out var stray))
            {
                Error(stray, $"{path}.for", actions[0] switch
                {
                    "freeze_node" => "belongs inside freeze_node: { node: K, for: D }",
                    "cut_province_link" => "belongs inside cut_province_link: { city: NAME, for: D }",
                    _ => $"only a partition lasts a given time here; {actions[0]} does not take it",
                });
                continue;
            }

            var fault = actions[0] switch
            {
                "kill_node" => ReadKillNode(keys["kill_node"], $"{path}.kill_node"),
                "freeze_node" => ReadFreezeNode(keys["freeze_node"], $"{path}.freeze_node"),
                "partition" => ReadPartition(keys["partition"], keys.GetValueOrDefault("for"), map, path),
                "store_unavailable" => ReadDuration(keys["store_unavailable"], $"{path}.store_unavailable", positive: true) is { } outage
                    ? new FaultDefinition(TimeSpan.Zero, FaultTarget.Store, null, false, outage)
                    : null,
                "cut_province_link" => ReadCutProvinceLink(keys["cut_province_link"], $"{path}.cut_province_link", cities),
                _ => ReadRestart(keys["restart"], $"{path}.restart", topology, cities),
            };
            if (at is { } at2 && fault is not null)
                result.Add(fault with { At = at2, Line = Line(map.Start) });
        }
        return result;
    }

    private FaultDefinition? ReadRestart(YamlNode node, string path, TopologySpec topology, IReadOnlyList<CitySpec>? cities)
    {
        if (Mapping(node, path) is not { } map) return null;
        var keys = Keys(map, path, ["target", "id", "down_for", "city"]);
        var target = Required(map, keys, path, "target") is { } t ? ReadEnum(t, $"{path}.target", FaultTargets, "fault target") : null;
        var downFor = keys.TryGetValue("down_for", out var df) ? ReadDuration(df, $"{path}.down_for", positive: false) : TimeSpan.Zero;
        keys.TryGetValue("id", out var idNode);
        if (target == FaultTarget.Province)
            return ReadProvinceRestart(map, keys, path, cities, downFor);
        // In a province the fault names its city, and a platform's id is that city's own.
        var city = ReadFaultCity(map, keys, path, cities, out var cityOk);
        if (city is not null) topology = cities!.First(c => c.Name == city).Topology;

        int? platformId = null;
        var largest = false;
        var idOk = cityOk;
        if (target == FaultTarget.City && idNode is not null)
        {
            Error(idNode, $"{path}.id", cities is null ? "only applies to target platform (there is one city)" : "only applies to target platform; name the city with 'city'");
            idOk = false;
        }
        else if (target == FaultTarget.Platform)
        {
            if (idNode is null)
            {
                Error(map, $"{path}.id", "required for target platform: a 0-based platform index or 'largest'");
                idOk = false;
            }
            else if (idNode is YamlScalarNode { Value: "largest" })
            {
                largest = true;
            }
            else if (ReadInt(idNode, $"{path}.id", min: 0, what: "a 0-based platform index or 'largest'") is { } id)
            {
                if (id >= topology.Platforms)
                {
                    Error(idNode, $"{path}.id", $"there are {topology.Platforms} platforms{(city is null ? "" : $" in {city}")} (0..{topology.Platforms - 1}), got {id}");
                    idOk = false;
                }
                platformId = id;
            }
            else
            {
                idOk = false;
            }
        }

        if (target is not { } tg || downFor is not { } down || !idOk) return null;
        return new FaultDefinition(TimeSpan.Zero, tg, platformId, largest, down, Line(map.Start), City: city);
    }

    /// <summary><c>restart: { target: province, down_for: D }</c>: the province platform crashes, answers nothing for D,
    /// then restarts; it names no city (there is one province platform) and no platform id.</summary>
    private FaultDefinition? ReadProvinceRestart(YamlMappingNode map, Dictionary<string, YamlNode> keys, string path, IReadOnlyList<CitySpec>? cities,
        TimeSpan? downFor)
    {
        var ok = true;
        if (cities is null)
        {
            Error(keys["target"], $"{path}.target", "restarts the province platform: the scenario needs topology.cities (a province of cities)");
            ok = false;
        }
        if (keys.TryGetValue("city", out var cityNode))
        {
            Error(cityNode, $"{path}.city", "a province has one province platform: target province names no city (to restart a city platform, use target city)");
            ok = false;
        }
        if (keys.TryGetValue("id", out var idNode))
        {
            Error(idNode, $"{path}.id", "only applies to target platform; the province platform has no id");
            ok = false;
        }
        return ok && downFor is { } down ? new FaultDefinition(TimeSpan.Zero, FaultTarget.Province, null, false, down, Line(map.Start)) : null;
    }
}
