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

/// <summary>
/// Walks one scenario document node by node, collecting every error instead of stopping at the first, so an author
/// fixes a file in one pass. Values that fail validation fall back to defaults only to let checking go on;
/// any error means no <see cref="ScenarioDefinition"/> is returned.
/// </summary>
internal sealed partial class ScenarioReader(string file)
{
    private static readonly string[] RootKeys =
    [
        "name", "description", "seed", "duration", "warm_up", "report_interval", "completion_timeout", "start_timeout", "clock", "store",
        "load_factor", "topology", "monitoring", "office_hours", "scenarios", "thresholds", "faults", "chaos", "percentiles", "supervision",
        "video",
    ];

    private static readonly Dictionary<string, OperationKind> Kinds = new()
    {
        ["keepalive"] = OperationKind.Keepalive,
        ["registration"] = OperationKind.Registration,
        ["alarm"] = OperationKind.Alarm,
        ["service_flow"] = OperationKind.ServiceFlow,
        ["alarm_query"] = OperationKind.AlarmQuery,
        ["clue_intake"] = OperationKind.ClueIntake,
        ["co_handling"] = OperationKind.CoHandling,
    };

    /// <summary>Steps that may follow an operation in a composite (<c>then:</c>), by the operation they follow.</summary>
    private static readonly Dictionary<OperationKind, Dictionary<string, OperationKind>> NextSteps = new()
    {
        [OperationKind.Alarm] = new() { ["alarm_query"] = OperationKind.AlarmQuery },
        // A clue is listed only once received: listing exists only as the step after intake, on the clue just filed.
        [OperationKind.ClueIntake] = new() { ["clue_listing"] = OperationKind.ClueListing },
    };

    private static readonly Dictionary<string, Population> Populations = new()
    {
        ["camera"] = Population.Camera,
        ["point"] = Population.Point,
        ["platform"] = Population.Platform,
    };

    private static readonly Dictionary<string, Arrivals> ArrivalKinds = new()
    {
        ["uniform"] = Arrivals.Uniform,
        ["poisson"] = Arrivals.Poisson,
    };

    private static readonly Dictionary<string, FaultTarget> FaultTargets = new()
    {
        ["platform"] = FaultTarget.Platform,
        ["city"] = FaultTarget.City,
    };

    private static readonly string[] StepKinds =
        ["periodic", "inject", "ramping_inject", "inject_random", "iterations_for_inject", "keep_constant", "ramping_constant", "iterations_for_constant", "pause"];
    private static readonly string[] FaultActions = ["restart", "kill_node", "freeze_node", "partition", "store_unavailable", "cut_province_link"];

    private static readonly string[] LocalDateTimeFormats =
        ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm"];

    private readonly List<ScenarioError> errors = [];

    /// <summary>Told, for every mapping read, its path and the keys accepted there (<see cref="ScenarioKeyLists"/>).</summary>
    internal Action<string, IReadOnlyCollection<string>>? KeysAccepted { get; init; }

    [GeneratedRegex("^[a-z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    public ScenarioDefinition Read(string yamlText)
    {
        var root = LoadRoot(yamlText);
        if (root is null) throw new ScenarioException(errors);

        var result = ReadRoot(root);
        if (errors.Count > 0 || result is null)
            throw new ScenarioException(errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList());
        return result;
    }

    private YamlMappingNode? LoadRoot(string yamlText)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yamlText));
        }
        catch (YamlException e)
        {
            Error(e.Start, "", $"not valid YAML: {StripPosition(e.Message)}");
            return null;
        }

        if (stream.Documents.Count == 0 || IsNull(stream.Documents[0].RootNode))
        {
            errors.Add(new ScenarioError(file, 1, 1, "", "the file is empty; a scenario is a mapping with at least 'name' and 'scenarios'"));
            return null;
        }
        if (stream.Documents.Count > 1)
            Error(stream.Documents[1].RootNode, "", "a scenario file holds one YAML document; remove the second '---'");
        var root = stream.Documents[0].RootNode;
        if (root is not YamlMappingNode map)
        {
            Error(root, "", $"expected a mapping of scenario keys (name, scenarios, ...), got {Describe(root)}");
            return null;
        }
        return map;
    }

    private ScenarioDefinition? ReadRoot(YamlMappingNode root)
    {
        var keys = Keys(root, "", RootKeys);
        var d = new ScenarioDefinition { Name = "", Streams = [], SourceFile = file };

        var name = Required(root, keys, "", "name") is { } nameNode ? ReadName(nameNode, "name") : null;
        var description = keys.TryGetValue("description", out var n) ? ReadString(n, "description") : null;
        var seed = keys.TryGetValue("seed", out n) ? ReadInt(n, "seed") ?? d.Seed : d.Seed;
        var duration = keys.TryGetValue("duration", out var durationNode) ? ReadDuration(durationNode, "duration", positive: true) : d.Duration;
        var warmUp = keys.TryGetValue("warm_up", out var warmUpNode) ? ReadDuration(warmUpNode, "warm_up", positive: false) : d.WarmUp;
        var reportInterval = keys.TryGetValue("report_interval", out n) ? ReadDuration(n, "report_interval", positive: true) ?? d.ReportInterval : d.ReportInterval;
        var completionTimeout = keys.TryGetValue("completion_timeout", out n) ? ReadDuration(n, "completion_timeout", positive: false) ?? d.CompletionTimeout : d.CompletionTimeout;
        var startTimeout = keys.TryGetValue("start_timeout", out n) ? ReadDuration(n, "start_timeout", positive: true) : null;
        var (compression, simStart) = keys.TryGetValue("clock", out n) ? ReadClock(n, d) : (d.Compression, d.SimStart);
        var store = keys.TryGetValue("store", out n) ? ReadStore(n) ?? d.Store : d.Store;
        var loadFactor = keys.TryGetValue("load_factor", out n) ? ReadDouble(n, "load_factor", min: 0, exclusiveMin: true) ?? d.LoadFactor : d.LoadFactor;
        IReadOnlyList<CitySpec>? cities = null;
        var topology = keys.TryGetValue("topology", out var topologyNode) ? ReadTopology(topologyNode, out cities) : d.Topology;
        var monitoring = keys.TryGetValue("monitoring", out n) ? ReadMonitoring(n) : d.Monitoring;
        var officeHours = keys.TryGetValue("office_hours", out n) ? ReadOfficeHours(n) : d.OfficeHours;
        var streams = Required(root, keys, "", "scenarios") is { } streamsNode ? ReadStreams(streamsNode) : [];
        var thresholds = keys.TryGetValue("thresholds", out n) ? ReadThresholds(n) : [];
        var percentiles = keys.TryGetValue("percentiles", out n) ? ReadPercentiles(n) : [];
        CheckThresholdPercentiles(thresholds, percentiles);
        CheckThresholdNames(thresholds, streams);

        if (warmUp is { } w && duration is { } dur && w >= dur)
            Error(warmUpNode!, "warm_up", $"must be shorter than duration ({Durations.Format(dur)}), got {Durations.Format(w)}");

        var faults = keys.TryGetValue("faults", out n) ? ReadFaults(n, duration, topology, cities) : [];
        var chaos = keys.TryGetValue("chaos", out n) ? ReadChaos(n, duration ?? d.Duration) : null;
        var supervision = keys.TryGetValue("supervision", out n) ? ReadSupervision(n) : null;
        var video = keys.TryGetValue("video", out n) ? ReadVideo(n) : d.Video;
        if (cities is not null) CheckProvince(keys, monitoring);

        if (name is null) return null;
        return d with
        {
            Name = name,
            Description = description,
            Seed = seed,
            Duration = duration ?? d.Duration,
            WarmUp = warmUp ?? d.WarmUp,
            ReportInterval = reportInterval,
            CompletionTimeout = completionTimeout,
            StartTimeout = startTimeout,
            Compression = compression,
            SimStart = simStart,
            Store = store,
            LoadFactor = loadFactor,
            Topology = topology,
            Cities = cities,
            Monitoring = monitoring,
            OfficeHours = officeHours,
            Streams = streams,
            Thresholds = thresholds,
            Faults = faults,
            Chaos = chaos,
            Percentiles = percentiles,
            Supervision = supervision,
            Video = video,
        };
    }

    private (double Compression, DateTime Start) ReadClock(YamlNode node, ScenarioDefinition d)
    {
        if (IsNull(node) || Mapping(node, "clock") is not { } map) return (d.Compression, d.SimStart);
        var keys = Keys(map, "clock", ["compression", "start"]);
        var compression = keys.TryGetValue("compression", out var n) ? ReadDouble(n, "clock.compression", min: 0, exclusiveMin: true) ?? d.Compression : d.Compression;
        var start = d.SimStart;
        if (keys.TryGetValue("start", out n) && ReadString(n, "clock.start") is { } text)
        {
            if (DateTime.TryParseExact(text, LocalDateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                start = parsed;
            else
                Error(n, "clock.start", $"expected a local date-time like 2026-11-27T09:00:00 (no time zone), got '{text}'");
        }
        return (compression, start);
    }

    private StoreAddress? ReadStore(YamlNode node)
    {
        if (ReadString(node, "store") is not { } text) return null;
        if (StoreAddress.TryParse(text, out var address, out var error)) return address;
        Error(node, "store", error);
        return null;
    }

    private MonitoringSpec ReadMonitoring(YamlNode node)
    {
        var m = MonitoringSpec.Default;
        if (IsNull(node) || Mapping(node, "monitoring") is not { } map) return m;
        var keys = Keys(map, "monitoring",
            ["keepalive_interval", "offline_after_missed", "registration_expiry", "online_on_keepalive", "sweep_interval", "reregister_jitter",
             "alarm_retransmit", "detections_file_clues", "sip"]);
        return new MonitoringSpec
        {
            KeepaliveInterval = keys.TryGetValue("keepalive_interval", out var n) ? ReadDuration(n, "monitoring.keepalive_interval", positive: true) ?? m.KeepaliveInterval : m.KeepaliveInterval,
            OfflineAfterMissed = keys.TryGetValue("offline_after_missed", out n) ? ReadInt(n, "monitoring.offline_after_missed", min: 1) ?? m.OfflineAfterMissed : m.OfflineAfterMissed,
            RegistrationExpiry = keys.TryGetValue("registration_expiry", out n) ? ReadDuration(n, "monitoring.registration_expiry", positive: true) ?? m.RegistrationExpiry : m.RegistrationExpiry,
            OnlineOnKeepalive = keys.TryGetValue("online_on_keepalive", out n) ? ReadBool(n, "monitoring.online_on_keepalive") ?? m.OnlineOnKeepalive : m.OnlineOnKeepalive,
            SweepInterval = keys.TryGetValue("sweep_interval", out n) ? ReadDuration(n, "monitoring.sweep_interval", positive: true) ?? m.SweepInterval : m.SweepInterval,
            ReregisterJitter = keys.TryGetValue("reregister_jitter", out n) ? ReadDuration(n, "monitoring.reregister_jitter", positive: false) ?? m.ReregisterJitter : m.ReregisterJitter,
            AlarmRetransmit = keys.TryGetValue("alarm_retransmit", out n) ? ReadDuration(n, "monitoring.alarm_retransmit", positive: false) ?? m.AlarmRetransmit : m.AlarmRetransmit,
            DetectionsFileClues = keys.TryGetValue("detections_file_clues", out n) ? ReadBool(n, "monitoring.detections_file_clues") ?? m.DetectionsFileClues : m.DetectionsFileClues,
            Sip = keys.TryGetValue("sip", out n) ? ReadSipFrontDoor(n, "monitoring.sip") : null,
        };
    }

    private OfficeHours ReadOfficeHours(YamlNode node)
    {
        var o = OfficeHours.Default;
        if (IsNull(node) || Mapping(node, "office_hours") is not { } map) return o;
        var keys = Keys(map, "office_hours", ["start", "end"]);
        var start = keys.TryGetValue("start", out var n) ? ReadTime(n, "office_hours.start") : o.Start;
        var end = keys.TryGetValue("end", out var endNode) ? ReadTime(endNode, "office_hours.end") : o.End;
        if (start is { } s && end is { } e && e <= s)
            Error(endNode ?? map, "office_hours.end", $"must be after start ({s:HH\\:mm}), got {e:HH\\:mm}");
        return new OfficeHours(start ?? o.Start, end ?? o.End);
    }

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
        var rows = FeedReader.Read(resolved, errors);
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

    private List<LoadStep> ReadSteps(YamlNode node, string path)
    {
        var steps = new List<LoadStep>();
        if (Sequence(node, path) is not { } seq) return steps;
        if (seq.Children.Count == 0)
        {
            Error(seq, path, "needs at least one step (periodic, inject, ramping_inject, keep_constant, ramping_constant or pause)");
            return steps;
        }

        LoadStep? previous = null;
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var stepPath = $"{path}[{i}]";
            if (Mapping(seq.Children[i], stepPath) is not { } map) continue;
            var keys = Keys(map, stepPath, StepKinds);
            if (keys.Count != 1)
            {
                // With no known key, any unknown one has been reported already, with a suggestion.
                if (keys.Count > 1 || map.Children.Count == 0)
                    Error(map, stepPath, $"a step has exactly one of {string.Join(", ", StepKinds)}");
                continue;
            }

            var (kind, body) = keys.First();
            var bodyPath = $"{stepPath}.{kind}";
            var isLast = i == seq.Children.Count - 1;
            LoadStep? step = kind switch
            {
                "periodic" => ReadPeriodic(body, bodyPath, isLast),
                "inject" => ReadInject(body, bodyPath, isLast, ramping: false, previous),
                "ramping_inject" => ReadInject(body, bodyPath, isLast, ramping: true, previous),
                "inject_random" => ReadInjectRandom(body, bodyPath, isLast),
                "iterations_for_inject" => ReadIterationsForInject(body, bodyPath),
                "keep_constant" => ReadConstant(body, bodyPath, isLast, ramping: false),
                "ramping_constant" => ReadConstant(body, bodyPath, isLast, ramping: true),
                "iterations_for_constant" => ReadIterationsForConstant(body, bodyPath, isLast),
                _ => ReadPause(body, bodyPath),
            };
            if (step is not null) steps.Add(step);
            previous = step;
        }
        return steps;
    }

    private PeriodicStep? ReadPeriodic(YamlNode node, string path, bool isLast)
    {
        if (Mapping(node, path) is not { } map) return null;
        var keys = Keys(map, path, ["every", "per", "during"]);
        var every = Required(map, keys, path, "every") is { } e ? ReadDuration(e, $"{path}.every", positive: true) : null;
        var per = Required(map, keys, path, "per") is { } p ? ReadEnum(p, $"{path}.per", Populations, "population") : null;
        var during = ReadDuring(map, keys, path, isLast, out var duringOk);
        return every is { } ev && per is { } pe && duringOk ? new PeriodicStep(ev, pe, during) : null;
    }

    private LoadStep? ReadInject(YamlNode node, string path, bool isLast, bool ramping, LoadStep? previous)
    {
        if (Mapping(node, path) is not { } map) return null;
        var keys = Keys(map, path, ["rate", "interval", "during", "per", "arrivals"]);
        var rate = Required(map, keys, path, "rate") is { } r ? ReadDouble(r, $"{path}.rate", min: 0, exclusiveMin: false) : null;
        var interval = Required(map, keys, path, "interval") is { } iv ? ReadDuration(iv, $"{path}.interval", positive: true) : null;
        var during = ReadDuring(map, keys, path, isLast, out var duringOk);
        Population? per = null;
        var perOk = true;
        if (keys.TryGetValue("per", out var perNode))
        {
            per = ReadEnum(perNode, $"{path}.per", Populations, "population");
            perOk = per is not null;
        }
        var arrivals = keys.TryGetValue("arrivals", out var a) ? ReadEnum(a, $"{path}.arrivals", ArrivalKinds, "arrival process") : Arrivals.Uniform;

        // A ramp interpolates between two rates, which only means something if both count over the same population.
        var previousPer = previous switch
        {
            InjectStep s => (Found: true, s.Per),
            RampingInjectStep s => (Found: true, s.Per),
            _ => (Found: false, Per: (Population?)null),
        };
        if (ramping && perOk && previousPer.Found && previousPer.Per != per)
            Error(perNode ?? map, $"{path}.per",
                $"ramps from the previous step's rate, which is {DescribePer(previousPer.Per)}, but this one is {DescribePer(per)}; use the same 'per'");

        if (rate is not { } rt || interval is not { } ivl || !duringOk || !perOk || arrivals is not { } arr) return null;
        return ramping ? new RampingInjectStep(rt, ivl, during, per, arr) : new InjectStep(rt, ivl, during, per, arr);
    }

    private InjectRandomStep? ReadInjectRandom(YamlNode node, string path, bool isLast)
    {
        if (Mapping(node, path) is not { } map) return null;
        var keys = Keys(map, path, ["min", "max", "interval", "during", "arrivals"]);
        var min = Required(map, keys, path, "min") is { } mn ? ReadDouble(mn, $"{path}.min", min: 0, exclusiveMin: false) : null;
        var max = Required(map, keys, path, "max") is { } mx ? ReadDouble(mx, $"{path}.max", min: 0, exclusiveMin: false) : null;
        var interval = Required(map, keys, path, "interval") is { } iv ? ReadDuration(iv, $"{path}.interval", positive: true) : null;
        var during = ReadDuring(map, keys, path, isLast, out var duringOk);
        var arrivals = keys.TryGetValue("arrivals", out var a) ? ReadEnum(a, $"{path}.arrivals", ArrivalKinds, "arrival process") : Arrivals.Uniform;
        if (min is { } lo && max is { } hi && hi < lo)
        {
            Error(keys["max"], $"{path}.max", $"must be >= min ({lo.ToString(CultureInfo.InvariantCulture)})");
            return null;
        }
        if (min is not { } mi || max is not { } ma || interval is not { } ivl || !duringOk || arrivals is not { } arr) return null;
        return new InjectRandomStep(mi, ma, ivl, during, arr);
    }

    private IterationsForInjectStep? ReadIterationsForInject(YamlNode node, string path)
    {
        if (Mapping(node, path) is not { } map) return null;
        var keys = Keys(map, path, ["rate", "interval", "iterations", "arrivals"]);
        var rate = Required(map, keys, path, "rate") is { } r ? ReadDouble(r, $"{path}.rate", min: 0, exclusiveMin: true) : null;
        var interval = Required(map, keys, path, "interval") is { } iv ? ReadDuration(iv, $"{path}.interval", positive: true) : null;
        var iterations = Required(map, keys, path, "iterations") is { } it ? ReadInt(it, $"{path}.iterations", min: 1) : null;
        var arrivals = keys.TryGetValue("arrivals", out var a) ? ReadEnum(a, $"{path}.arrivals", ArrivalKinds, "arrival process") : Arrivals.Uniform;
        if (rate is not { } rt || interval is not { } ivl || iterations is not { } n || arrivals is not { } arr) return null;
        return new IterationsForInjectStep(rt, ivl, n, arr);
    }

    private LoadStep? ReadConstant(YamlNode node, string path, bool isLast, bool ramping)
    {
        if (Mapping(node, path) is not { } map) return null;
        var keys = Keys(map, path, ["copies", "during"]);
        var copies = Required(map, keys, path, "copies") is { } c ? ReadInt(c, $"{path}.copies", min: ramping ? 0 : 1) : null;
        var during = ReadDuring(map, keys, path, isLast, out var duringOk);
        if (copies is not { } n || !duringOk) return null;
        return ramping ? new RampingConstantStep(n, during) : new KeepConstantStep(n, during);
    }

    private IterationsForConstantStep? ReadIterationsForConstant(YamlNode node, string path, bool isLast)
    {
        if (Mapping(node, path) is not { } map) return null;
        var keys = Keys(map, path, ["copies", "iterations"]);
        var copies = Required(map, keys, path, "copies") is { } c ? ReadInt(c, $"{path}.copies", min: 1) : null;
        var iterations = Required(map, keys, path, "iterations") is { } it ? ReadInt(it, $"{path}.iterations", min: 1) : null;
        if (!isLast)
            Error(map, path, "must be the stream's last step: it ends when its iterations are done, which depends on how fast the system answers");
        if (copies is not { } n || iterations is not { } m || !isLast) return null;
        return new IterationsForConstantStep(n, m);
    }

    private PauseStep? ReadPause(YamlNode node, string path)
    {
        if (Mapping(node, path) is not { } map) return null;
        var keys = Keys(map, path, ["during"]);
        return Required(map, keys, path, "during") is { } d && ReadDuration(d, $"{path}.during", positive: true) is { } during
            ? new PauseStep(during)
            : null;
    }

    private TimeSpan? ReadDuring(YamlMappingNode map, Dictionary<string, YamlNode> keys, string path, bool isLast, out bool ok)
    {
        if (keys.TryGetValue("during", out var n))
        {
            var during = ReadDuration(n, $"{path}.during", positive: true);
            ok = during is not null;
            return during;
        }
        ok = isLast;
        if (!isLast)
            Error(map, $"{path}.during", "required on every step but the last (only the last step may run to the end of the run)");
        return null;
    }

    private List<ThresholdDefinition> ReadThresholds(YamlNode node)
    {
        var result = new List<ThresholdDefinition>();
        if (IsNull(node) || Sequence(node, "thresholds") is not { } seq) return result;
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var path = $"thresholds[{i}]";
            var item = seq.Children[i];
            var abort = false;
            // A threshold is a string, or { expr: "...", abort: true } to stop the run as soon as it fails.
            if (item is YamlMappingNode map)
            {
                var keys = Keys(map, path, ["expr", "abort"]);
                if (keys.TryGetValue("abort", out var abortNode)) abort = ReadBool(abortNode, $"{path}.abort") ?? false;
                if (Required(map, keys, path, "expr") is not { } exprNode) continue;
                item = exprNode;
                path = $"{path}.expr";
            }
            if (ReadString(item, path) is not { } text) continue;
            var scalar = (YamlScalarNode)item;
            // Quotes are not part of the value, so the expression starts one column after the scalar does.
            var firstColumn = Column(item.Start) + (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted ? 1 : 0);
            try
            {
                result.Add(new ThresholdDefinition(text, ThresholdExpression.Parse(text), Line(item.Start), firstColumn, abort));
            }
            catch (ThresholdParseException e)
            {
                errors.Add(new ScenarioError(file, Line(item.Start), firstColumn + e.Column - 1, path, $"{e.Reason} in '{text}'"));
            }
        }
        return result;
    }

    /// <summary>A threshold on a percentile nobody reports could never pass: name it where it stands.</summary>
    private void CheckThresholdPercentiles(List<ThresholdDefinition> thresholds, List<double> percentiles)
    {
        var reported = LatencyStats.Standard.Concat(percentiles).Select(LatencyStats.KeyOf).ToHashSet();
        for (var i = 0; i < thresholds.Count; i++)
        {
            var t = thresholds[i];
            var stat = t.Expression.Stat;
            if (stat.Length < 2 || stat[0] != 'p' || !char.IsAsciiDigit(stat[1]) || reported.Contains(stat)) continue;
            var column = t.Column + t.Text.IndexOf("." + stat, StringComparison.Ordinal) + 1;
            errors.Add(new ScenarioError(file, t.Line, column, $"thresholds[{i}]",
                $"unknown statistic '{stat}' in '{t.Text}': this run reports {string.Join(", ", reported.Order())}; add its percentile under 'percentiles' to report it"));
        }
    }

    private List<double> ReadPercentiles(YamlNode node)
    {
        var result = new List<double>();
        if (IsNull(node) || Sequence(node, "percentiles") is not { } seq) return result;
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var path = $"percentiles[{i}]";
            if (ReadDouble(seq.Children[i], path, min: 0, exclusiveMin: true) is not { } p) continue;
            if (p >= 100) Error(seq.Children[i], path, $"must be below 100, got {p.ToString(CultureInfo.InvariantCulture)}");
            // The standard four are always reported; asking for them again adds nothing.
            else if (!LatencyStats.Standard.Contains(p) && !result.Contains(p)) result.Add(p);
        }
        return result;
    }

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

    // ---- scalar readers: each reports its own error and returns null on a bad value ----

    private string? ReadName(YamlNode node, string field)
    {
        if (ReadString(node, field) is not { } text) return null;
        if (NamePattern().IsMatch(text)) return text;
        Error(node, field, $"must match [a-z0-9_-]+ (lower-case letters, digits, '_' and '-'), got '{text}'");
        return null;
    }

    private string? ReadString(YamlNode node, string field)
    {
        if (node is YamlScalarNode s && !IsNull(s)) return s.Value ?? "";
        Error(node, field, $"expected a string, got {Describe(node)}");
        return null;
    }

    private int? ReadInt(YamlNode node, string field, int? min = null, string what = "an integer")
    {
        if (PlainScalar(node, field, what) is not { } text) return null;
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Error(node, field, $"expected {what}, got '{text}'");
            return null;
        }
        if (min is { } m && value < m)
        {
            Error(node, field, m == 0 ? $"must be >= 0, got {value}" : $"must be at least {m}, got {value}");
            return null;
        }
        if (value is < int.MinValue or > int.MaxValue)
        {
            Error(node, field, $"is out of range, got {value}");
            return null;
        }
        return (int)value;
    }

    private double? ReadDouble(YamlNode node, string field, double min, bool exclusiveMin)
    {
        if (PlainScalar(node, field, "a number") is not { } text) return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            Error(node, field, $"expected a number, got '{text}'");
            return null;
        }
        if (exclusiveMin ? value <= min : value < min)
        {
            Error(node, field, $"must be {(exclusiveMin ? ">" : ">=")} {min.ToString(CultureInfo.InvariantCulture)}, got {text}");
            return null;
        }
        return value;
    }

    private bool? ReadBool(YamlNode node, string field)
    {
        if (PlainScalar(node, field, "true or false") is not { } text) return null;
        switch (text)
        {
            case "true" or "True" or "TRUE": return true;
            case "false" or "False" or "FALSE": return false;
            default:
                Error(node, field, $"expected true or false, got '{text}'");
                return null;
        }
    }

    private TimeSpan? ReadDuration(YamlNode node, string field, bool positive)
    {
        if (node is not YamlScalarNode s || IsNull(s))
        {
            Error(node, field, $"expected a duration (e.g. 250ms, 60s, 5m, 1h, 30d), got {Describe(node)}");
            return null;
        }
        if (!Durations.TryParse(s.Value, out var value))
        {
            Error(node, field, $"'{s.Value}' is not a duration (write e.g. 250ms, 60s, 5m, 1h, 30d)");
            return null;
        }
        if (positive && value <= TimeSpan.Zero)
        {
            Error(node, field, $"must be longer than 0, got {s.Value}");
            return null;
        }
        return value;
    }

    private TimeOnly? ReadTime(YamlNode node, string field)
    {
        if (ReadString(node, field) is not { } text) return null;
        if (TimeOnly.TryParseExact(text, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)) return t;
        Error(node, field, $"expected a time of day like 08:30, got '{text}'");
        return null;
    }

    private T? ReadEnum<T>(YamlNode node, string field, Dictionary<string, T> names, string what)
        where T : struct, Enum
    {
        if (node is not YamlScalarNode s || IsNull(s))
        {
            Error(node, field, $"expected a {what} ({string.Join(", ", names.Keys)}), got {Describe(node)}");
            return null;
        }
        var text = s.Value ?? "";
        if (names.TryGetValue(text, out var value)) return value;
        var hint = KeySuggestions.Nearest(text, names.Keys) is { } near ? $"; did you mean '{near}'?" : "";
        Error(node, field, $"unknown {what} '{text}' (expected {string.Join(", ", names.Keys)}){hint}");
        return null;
    }

    /// <summary>Numbers and booleans must be plain: a quoted "42" is a string in YAML, and accepting it would hide a typo elsewhere.</summary>
    private string? PlainScalar(YamlNode node, string field, string what)
    {
        if (node is YamlScalarNode { Style: ScalarStyle.Plain } s && !IsNull(s)) return s.Value;
        var got = node is YamlScalarNode { Style: not ScalarStyle.Plain } q ? $"the quoted string '{q.Value}'" : Describe(node);
        Error(node, field, $"expected {what}, got {got}");
        return null;
    }

    // ---- structure ----

    private YamlMappingNode? Mapping(YamlNode node, string field)
    {
        if (node is YamlMappingNode map) return map;
        Error(node, field, $"expected a mapping, got {Describe(node)}");
        return null;
    }

    private YamlSequenceNode? Sequence(YamlNode node, string field)
    {
        if (node is YamlSequenceNode seq) return seq;
        Error(node, field, $"expected a list, got {Describe(node)}");
        return null;
    }

    /// <summary>The known keys of <paramref name="map"/> by name; every other key is reported, with the nearest known one as a suggestion.</summary>
    private Dictionary<string, YamlNode> Keys(YamlMappingNode map, string path, IEnumerable<string> known)
    {
        var knownSet = known as IReadOnlyCollection<string> ?? known.ToList();
        KeysAccepted?.Invoke(path, knownSet);
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key } || IsNull(keyNode))
            {
                Error(keyNode, path, $"keys must be plain names, got {Describe(keyNode)}");
                continue;
            }
            var field = path.Length == 0 ? key : $"{path}.{key}";
            if (knownSet.Contains(key))
            {
                result[key] = value;
                continue;
            }
            var hint = KeySuggestions.Nearest(key, knownSet) is { } near
                ? $"did you mean '{near}'?"
                : $"known keys: {string.Join(", ", knownSet)}";
            Error(keyNode, field, $"unknown key '{key}'; {hint}");
        }
        return result;
    }

    private YamlNode? Required(YamlMappingNode map, Dictionary<string, YamlNode> keys, string path, string key)
    {
        if (keys.TryGetValue(key, out var node)) return node;
        Error(map, path.Length == 0 ? key : $"{path}.{key}", "is required");
        return null;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s when IsNull(s) => "nothing",
        YamlScalarNode s => $"'{s.Value}'",
        _ => "an alias",
    };

    private static string DescribePer(Population? per) => per is { } p ? $"per {p.ToString().ToLowerInvariant()}" : "a wall rate (no 'per')";

    private static string StripPosition(string message)
    {
        // YamlDotNet prefixes its messages with "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; our errors carry the position already.
        var cut = message.StartsWith("(Line:", StringComparison.Ordinal) ? message.IndexOf("): ", StringComparison.Ordinal) : -1;
        return cut >= 0 ? message[(cut + 3)..] : message;
    }

    private static int Line(Mark mark) => (int)mark.Line;

    private static int Column(Mark mark) => (int)mark.Column;

    private void Error(YamlNode node, string field, string message) => Error(node.Start, field, message);

    private void Error(Mark at, string field, string message) => errors.Add(new ScenarioError(file, Line(at), Column(at), field, message));
}
