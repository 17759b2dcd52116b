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

/// <summary>The <c>streams:</c> list: each stream's operation, its target (self-test targets included), its alarm mix
/// and its feed.</summary>
internal sealed partial class ScenarioReader
{
    private List<StreamDefinition> ReadStreams(YamlNode node)
    {
        var streams = new List<StreamDefinition>();
        if (Sequence(node, "scenarios") is not { } seq) return streams;
        if (seq.Children.Count == 0)
        {
            Error(seq, "scenarios", "needs at least one workload stream");
            return streams;
        }

        var firstLineByName = new Dictionary<string, int>();
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var path = $"scenarios[{i}]";
            if (Mapping(seq.Children[i], path) is not { } map) continue;
            var keys = Keys(map, path, ["name", "operation", "load", "max_in_flight", "feed", "timeout", "target"]);

            var nameNode = Required(map, keys, path, "name");
            var name = nameNode is null ? null : ReadName(nameNode, $"{path}.name");
            if (name is not null)
            {
                if (firstLineByName.TryGetValue(name, out var firstLine))
                    Error(nameNode!, $"{path}.name", $"duplicate stream name '{name}' (first used on line {firstLine})");
                else
                    firstLineByName[name] = Line(map.Start);
            }

            var operation = Required(map, keys, path, "operation") is { } opNode ? ReadOperation(opNode, $"{path}.operation") : null;
            var steps = Required(map, keys, path, "load") is { } loadNode ? ReadSteps(loadNode, $"{path}.load") : [];
            var maxInFlight = keys.TryGetValue("max_in_flight", out var mif) ? ReadInt(mif, $"{path}.max_in_flight", min: 1) : null;
            var timeout = keys.TryGetValue("timeout", out var to) ? ReadDuration(to, $"{path}.timeout", positive: true) : null;
            FeedDefinition? feed = null;
            if (keys.TryGetValue("feed", out var feedNode))
            {
                feed = ReadFeed(feedNode, $"{path}.feed");
                if (operation is { Target: not null })
                    Error(feedNode, $"{path}.feed", "a feed names cameras and points of the tree; a self-test target has none");
                if (steps.OfType<PeriodicStep>().Any())
                    Error(feedNode, $"{path}.feed", "periodic steps already give every member of their population its own operations; a feed goes with inject or closed-model steps");
            }

            SipTargetSpec? sip = null;
            if (keys.TryGetValue("target", out var targetNode))
            {
                if (operation is { Target: not null } or { Then: not null })
                    Error(targetNode, $"{path}.target", "a SIP target takes plain camera operations, not a self-test target or a composite");
                else sip = ReadSipTarget(targetNode, $"{path}.target", operation?.Kind);
            }

            // A composite is reported under its stream's name, so that name must not be one an operation already reports under.
            if (name is not null && operation is { Then: not null } && (Kinds.ContainsKey(name) || TargetNames.ContainsKey(name)))
                Error(nameNode!, $"{path}.name", $"a composite operation is reported under its stream's name, and '{name}' is an operation's own name; choose another (e.g. {name}_checked)");
            else if (name is not null && operation is { } op)
                streams.Add(new StreamDefinition(name, op.Kind, op.Mix, steps, Line(map.Start), op.Target, maxInFlight, op.Then, feed, timeout, sip));
        }
        return streams;
    }

    private static readonly Dictionary<string, FeedOrder> FeedOrders = new()
    {
        ["circular"] = FeedOrder.Circular,
        ["shuffle"] = FeedOrder.Shuffle,
        ["random"] = FeedOrder.Random,
    };

    /// <summary><c>feed: FILE</c> or <c>feed: { file: FILE, order: circular|shuffle|random }</c>; the file is read now,
    /// relative to the scenario file's folder.</summary>
    private FeedDefinition? ReadFeed(YamlNode node, string path)
    {
        YamlNode fileNode;
        var order = FeedOrder.Circular;
        if (node is YamlScalarNode)
        {
            fileNode = node;
        }
        else
        {
            if (Mapping(node, path) is not { } map) return null;
            var keys = Keys(map, path, ["file", "order"]);
            if (Required(map, keys, path, "file") is not { } f) return null;
            fileNode = f;
            if (keys.TryGetValue("order", out var o))
            {
                if (ReadEnum(o, $"{path}.order", FeedOrders, "feed order") is not { } read) return null;
                order = read;
            }
        }
        var filePath = node is YamlScalarNode ? path : $"{path}.file";
        if (PlainScalar(fileNode, filePath, "a file path") is not { } name) return null;
        var resolved = Path.IsPathRooted(name) ? name : Path.Combine(Path.GetDirectoryName(file) ?? "", name);
        var rows = FeedReader.Read(resolved, _errors);
        return rows.Count == 0 ? null : new FeedDefinition(resolved, order, rows);
    }

    private (OperationKind Kind, IReadOnlyList<AlarmWeight> Mix, TargetSpec? Target, OperationKind? Then)? ReadOperation(YamlNode node, string path)
    {
        if (node is YamlScalarNode scalar)
        {
            // `noop` is the one self-test target without parameters, so it has a shorthand too.
            if (scalar.Value == "noop") return (OperationKind.Keepalive, [], new NoopTarget(), null);
            if (ReadEnum(node, path, Kinds, "operation kind (or noop)") is not { } shortKind) return null;
            return (shortKind, shortKind == OperationKind.Alarm ? StreamDefinition.DefaultAlarmMix : [], null, null);
        }

        if (Mapping(node, path) is not { } map) return null;
        if (map.Children.Keys.OfType<YamlScalarNode>().Any(k => k.Value == "target")) return ReadTarget(map, path);
        var keys = Keys(map, path, ["kind", "mix", "then"]);
        if (Required(map, keys, path, "kind") is not { } kindNode || ReadEnum(kindNode, $"{path}.kind", Kinds, "operation kind") is not { } kind)
            return null;

        OperationKind? then = null;
        if (keys.TryGetValue("then", out var thenNode))
        {
            if (NextSteps.TryGetValue(kind, out var next))
            {
                if (ReadEnum(thenNode, $"{path}.then", next, $"step after {Kinds.First(k => k.Value == kind).Key}") is not { } t) return null;
                then = t;
            }
            else
            {
                Error(thenNode, $"{path}.then", $"nothing can follow {Kinds.First(k => k.Value == kind).Key} yet (composites: alarm then alarm_query, clue_intake then clue_listing)");
                return null;
            }
        }

        if (!keys.TryGetValue("mix", out var mixNode))
            return (kind, kind == OperationKind.Alarm ? StreamDefinition.DefaultAlarmMix : [], null, then);
        if (kind != OperationKind.Alarm)
        {
            Error(mixNode, $"{path}.mix", "a mix only applies to kind alarm");
            return (kind, [], null, then);
        }
        return (kind, ReadMix(mixNode, $"{path}.mix") ?? StreamDefinition.DefaultAlarmMix, null, then);
    }

    private enum TargetKind { Noop, FixedDelay, Queue, Stall }

    private static readonly Dictionary<string, TargetKind> TargetNames = new()
    {
        ["noop"] = TargetKind.Noop,
        ["fixed_delay"] = TargetKind.FixedDelay,
        ["queue"] = TargetKind.Queue,
        ["stall"] = TargetKind.Stall,
    };

    private static readonly Dictionary<TargetKind, string[]> TargetKeys = new()
    {
        [TargetKind.Noop] = ["target"],
        [TargetKind.FixedDelay] = ["target", "delay"],
        [TargetKind.Queue] = ["target", "workers", "service_time"],
        [TargetKind.Stall] = ["target", "every", "for", "delay", "silent"],
    };

    private static readonly Dictionary<string, ServiceDistribution> Distributions = new()
    {
        ["exponential"] = ServiceDistribution.Exponential,
        ["deterministic"] = ServiceDistribution.Deterministic,
        ["lognormal"] = ServiceDistribution.LogNormal,
    };

    private (OperationKind Kind, IReadOnlyList<AlarmWeight> Mix, TargetSpec? Target, OperationKind? Then)? ReadTarget(YamlMappingNode map, string path)
    {
        var targetNode = map.Children.First(c => c.Key is YamlScalarNode { Value: "target" }).Value;
        if (ReadEnum(targetNode, $"{path}.target", TargetNames, "self-test target") is not { } kind) return null;
        var keys = Keys(map, path, TargetKeys[kind]);
        TargetSpec? spec = kind switch
        {
            TargetKind.Noop => new NoopTarget(),
            TargetKind.FixedDelay => Required(map, keys, path, "delay") is { } d && ReadDuration(d, $"{path}.delay", positive: false) is { } delay
                ? new FixedDelayTarget(delay) : null,
            TargetKind.Queue => ReadQueue(map, keys, path),
            _ => ReadStall(keys, map, path),
        };
        return spec is null ? null : (OperationKind.Keepalive, [], spec, null);
    }

    private QueueTarget? ReadQueue(YamlMappingNode map, Dictionary<string, YamlNode> keys, string path)
    {
        var workers = keys.TryGetValue("workers", out var w) ? ReadInt(w, $"{path}.workers", min: 1) : 1;
        if (Required(map, keys, path, "service_time") is not { } stNode || Mapping(stNode, $"{path}.service_time") is not { } st)
            return null;
        var stPath = $"{path}.service_time";
        var stKeys = Keys(st, stPath, ["distribution", "mean", "cv"]);
        var distribution = stKeys.TryGetValue("distribution", out var dn)
            ? ReadEnum(dn, $"{stPath}.distribution", Distributions, "distribution")
            : ServiceDistribution.Exponential;
        var mean = Required(st, stKeys, stPath, "mean") is { } mn ? ReadDuration(mn, $"{stPath}.mean", positive: true) : null;
        var cv = stKeys.TryGetValue("cv", out var cvNode) ? ReadDouble(cvNode, $"{stPath}.cv", 0, exclusiveMin: false) : 1.0;
        if (workers is null || distribution is null || mean is null || cv is null) return null;
        return new QueueTarget(workers.Value, new ServiceTimeSpec(distribution.Value, mean.Value, cv.Value));
    }

    private StallTarget? ReadStall(Dictionary<string, YamlNode> keys, YamlMappingNode map, string path)
    {
        var every = Required(map, keys, path, "every") is { } e ? ReadDuration(e, $"{path}.every", positive: true) : null;
        var stallFor = Required(map, keys, path, "for") is { } f ? ReadDuration(f, $"{path}.for", positive: true) : null;
        var delay = keys.TryGetValue("delay", out var d) ? ReadDuration(d, $"{path}.delay", positive: false) : TimeSpan.Zero;
        var silent = keys.TryGetValue("silent", out var sn) ? ReadBool(sn, $"{path}.silent") : false;
        if (every is null || stallFor is null || delay is null || silent is null) return null;
        if (stallFor >= every)
        {
            Error(keys["for"], $"{path}.for", "a stall must be shorter than its period ('every')");
            return null;
        }
        return new StallTarget(every.Value, stallFor.Value, delay.Value, silent.Value);
    }

    private List<AlarmWeight>? ReadMix(YamlNode node, string path)
    {
        if (Mapping(node, path) is not { } map) return null;
        var keys = Keys(map, path, AlarmTypeNames.ByName.Keys);
        var weights = new List<AlarmWeight>();
        var valid = true;
        foreach (var (key, valueNode) in keys)
        {
            if (ReadDouble(valueNode, $"{path}.{key}", min: 0, exclusiveMin: false) is { } w)
                weights.Add(new AlarmWeight(AlarmTypeNames.ByName[key], w));
            else
                valid = false;
        }
        if (!valid) return null;

        var sum = weights.Sum(w => w.Weight);
        if (sum <= 0)
        {
            Error(map, path, "needs at least one weight above 0");
            return null;
        }
        return weights.Select(w => w with { Weight = w.Weight / sum }).ToList();
    }
}
