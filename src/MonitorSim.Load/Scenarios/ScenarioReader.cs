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
        ["province"] = FaultTarget.Province,
    };

    private static readonly string[] StepKinds =
        ["periodic", "inject", "ramping_inject", "inject_random", "iterations_for_inject", "keep_constant", "ramping_constant", "iterations_for_constant", "pause"];
    private static readonly string[] FaultActions = ["restart", "kill_node", "freeze_node", "partition", "store_unavailable", "cut_province_link"];

    private static readonly string[] LocalDateTimeFormats =
        ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm"];

    private readonly List<ScenarioError> _errors = [];

    /// <summary>Told, for every mapping read, its path and the keys accepted there (<see cref="ScenarioKeyLists"/>).</summary>
    internal Action<string, IReadOnlyCollection<string>>? KeysAccepted { get; init; }

    [GeneratedRegex("^[a-z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    public ScenarioDefinition Read(string yamlText)
    {
        var root = LoadRoot(yamlText);
        if (root is null) throw new ScenarioException(_errors);

        var result = ReadRoot(root);
        if (_errors.Count > 0 || result is null)
            throw new ScenarioException(_errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList());
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
            _errors.Add(new ScenarioError(file, 1, 1, "", "the file is empty; a scenario is a mapping with at least 'name' and 'scenarios'"));
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
             "alarm_retransmit", "alarm_clear_after", "detections_file_clues", "sip"]);
        return new MonitoringSpec
        {
            KeepaliveInterval = keys.TryGetValue("keepalive_interval", out var n) ? ReadDuration(n, "monitoring.keepalive_interval", positive: true) ?? m.KeepaliveInterval : m.KeepaliveInterval,
            OfflineAfterMissed = keys.TryGetValue("offline_after_missed", out n) ? ReadInt(n, "monitoring.offline_after_missed", min: 1) ?? m.OfflineAfterMissed : m.OfflineAfterMissed,
            RegistrationExpiry = keys.TryGetValue("registration_expiry", out n) ? ReadDuration(n, "monitoring.registration_expiry", positive: true) ?? m.RegistrationExpiry : m.RegistrationExpiry,
            OnlineOnKeepalive = keys.TryGetValue("online_on_keepalive", out n) ? ReadBool(n, "monitoring.online_on_keepalive") ?? m.OnlineOnKeepalive : m.OnlineOnKeepalive,
            SweepInterval = keys.TryGetValue("sweep_interval", out n) ? ReadDuration(n, "monitoring.sweep_interval", positive: true) ?? m.SweepInterval : m.SweepInterval,
            ReregisterJitter = keys.TryGetValue("reregister_jitter", out n) ? ReadDuration(n, "monitoring.reregister_jitter", positive: false) ?? m.ReregisterJitter : m.ReregisterJitter,
            AlarmRetransmit = keys.TryGetValue("alarm_retransmit", out n) ? ReadDuration(n, "monitoring.alarm_retransmit", positive: false) ?? m.AlarmRetransmit : m.AlarmRetransmit,
            AlarmClearAfter = keys.TryGetValue("alarm_clear_after", out n) ? ReadDuration(n, "monitoring.alarm_clear_after", positive: true) ?? m.AlarmClearAfter : m.AlarmClearAfter,
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
}
