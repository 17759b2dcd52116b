using System.Diagnostics;
using System.Globalization;
using MonitorSim.Cli.Logging;
using MonitorSim.Cli.Running.Generators;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;
using MonitorSim.Load.Thresholds;
using MonitorSim.Reports.Sizing;
using MonitorSim.Sizing.Planning;

namespace MonitorSim.Cli.Running;

/// <summary>
/// One sizing run: for each cluster size asked for, start the tree once, drive the scenario at a geometric series of load
/// factors (each a warm-up and a steady window), measure every step, stop at the knee; then fit the models, compare the
/// cluster sizes, and write the plan.
/// <para>
/// Every step of a series runs on the same started tree. Starting the 17,932-camera tree takes ~4 s and its code is
/// compiled (tiered JIT) during the first steps; a fresh tree per step would pay that, and the warm-up to absorb it, a
/// dozen times and miss the 10-minute budget. Each step's engine still boots every camera in its warm-up (re-registration:
/// the storm is in the warm-up and excluded), so sessions are fresh at every step. What carries over: the journal grows
/// across steps (recoveries are not repeated, but SQLite's B-trees are deeper at later steps), and the platforms keep
/// their alarm state. Scenario faults and the supervision year are not run: they would disturb the steps.
/// </para>
/// <para>
/// Each cluster size gets a fresh cluster (this process and N − 1 local node processes, as <c>run --nodes N</c> starts
/// them) and, on SQLite, a store file of its own, so no size inherits another's journal. In a multi-node step every node
/// generates the load of the platforms it hosts, and CPU is read from every node's process.
/// </para>
/// </summary>
public sealed class SizeJob(ScenarioDefinition scenario, SizeSettings settings, string outputDirectory, IRunProgress progress)
{
    /// <summary>The store file of a sizing run unless --store names another: its own, so journal rows and bytes per row
    /// count this run alone.</summary>
    public const string StoreFileName = "size.db";

    public async Task<SizingRun> ExecuteAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(outputDirectory);
        var wall = Stopwatch.StartNew();
        var startedAt = DateTimeOffset.Now;
        var topology = TopologyBuilder.Build(scenario.Topology, scenario.Seed);
        // Planned once before anything starts, so a feed naming cameras the topology lacks is refused up front.
        var plans = LoadPlanner.Plan(Step(scenario.LoadFactor, scenario.SimStart), topology);
        var notes = new List<string>();
        if (scenario.Faults.Count > 0) notes.Add($"the scenario's {scenario.Faults.Count} fault(s) were not injected: a sizing step measures the system whole");
        if (scenario.Supervision is not null) notes.Add("the scenario's supervision year was not run: sizing steps drive its streams only");

        using var log = new FileLoggerProvider(Path.Combine(outputDirectory, "size.log"));
        var series = new List<SeriesRun>();
        foreach (var nodes in settings.NodeCounts)
        {
            series.Add(await RunSeriesAsync(nodes, topology, plans, log, notes, ct));
            if (ct.IsCancellationRequested) break;
        }
        var first = series[0];

        var operations = plans.Where(p => p.Target is null && p.Name is not LoadPlanner.BootStream and not LoadPlanner.ReregisterStream)
            .GroupBy(p => p.OperationName).Select(g => g.First()).ToList();
        var unpeaked = operations.Where(p => p.Then is null && p.Kind is OperationKind.Keepalive or OperationKind.Registration)
            .Select(p => p.OperationName).ToHashSet(StringComparer.Ordinal);
        var primary = settings.Slo.Select(s => s.Expression.Key).FirstOrDefault(k => operations.Any(p => p.OperationName == k));
        var officeHours = (scenario.OfficeHours.End - scenario.OfficeHours.Start).TotalHours;
        var planSettings = new PlanSettings(settings.Growth, settings.PeakFactor, unpeaked, settings.TargetUtilisation, settings.CoresPerNode,
            Environment.ProcessorCount, scenario.LoadFactor, first.BytesPerRow, officeHours, Links(operations, topology), primary);
        var analysis = SizingAnalysis.Analyse(first.Series.Steps, planSettings);
        var axis = series.Count > 1
            ? NodeScaling.Analyse(series.Select(s => s.Series).ToList(), analysis.Plan.TotalOpsPerSecond, settings.CoresPerNode, settings.TargetUtilisation,
                Environment.ProcessorCount)
            : null;
        notes.Add($"the peak factor ({settings.PeakFactor.ToString("0.##", CultureInfo.InvariantCulture)}) applies to event-driven operations; " +
                  $"device timers ({string.Join(", ", unpeaked.Order(StringComparer.Ordinal))}) tick at the same rate at every hour");
        notes.Add($"journal storage per day counts the scenario's office hours ({officeHours:0.#} h) at production load without the peak " +
                  "factor: the journalled events (alarms, status changes, workflow steps) follow office hours");
        if (settings.Settle > TimeSpan.Zero)
            notes.Add($"every freshly started cluster carried {Durations.Format(settings.Settle)} of unmeasured load at the first step's factor before " +
                      "its first step, so that code compilation and cold caches are not read as the cluster's overhead");
        if (series.Count > 1)
            notes.Add($"the {series.Count} cluster sizes ran as local node processes on this machine's {Environment.ProcessorCount} cores: the node axis compares " +
                      "each size's CPU against its load, not throughput on separate hosts; in a multi-node step GC, allocation and working set are the coordinator's");

        return new SizingRun(scenario.Name, scenario.SourceFile, scenario.Seed, first.StoreDisplay, startedAt, Math.Round(wall.Elapsed.TotalSeconds, 1),
            first.TreeStartMs, RunFacts.Commit(), RunFacts.Machine(), RunFacts.DotNet(), Environment.ProcessorCount,
            topology.Platforms.Count, topology.Points.Count, topology.CameraCount, settings.Series, settings.WarmUp.TotalSeconds,
            settings.Steady.TotalSeconds, settings.Slo.Select(s => s.Text).ToList(), first.Series.StopReason, first.BytesPerRow, analysis,
            ScenarioVideo.Plan(topology, scenario.Video), notes, series.Select(s => s.Series).ToList(), axis);
    }

    /// <summary>One cluster size's series, and the facts of its store and start.</summary>
    private sealed record SeriesRun(NodeSeries Series, string StoreDisplay, double TreeStartMs, double? BytesPerRow);

    /// <summary>Starts a cluster of <paramref name="nodes"/> nodes and steps the load on it until the series ends.</summary>
    private async Task<SeriesRun> RunSeriesAsync(int nodes, CityTopology topology, IReadOnlyList<StreamPlan> plans, FileLoggerProvider log,
        List<string> notes, CancellationToken ct)
    {
        var sized = scenario with { Store = StoreFor(nodes) };
        var store = StoreSettings.Parse(sized.Store);
        var clock = new SimClock(scenario.SimStart, scenario.Compression);
        var cluster = new ClusterSettings(nodes);
        var on = nodes == 1 ? "a one-node cluster" : $"{nodes} nodes (this process and {nodes - 1} local node processes)";
        progress.Info($"topology: {topology.Platforms.Count} platforms, {topology.Points.Count:N0} points, {topology.CameraCount:N0} cameras; starting the tree on {on}, store {store.Display} …");
        await using var tree = await TreeCluster.StartAsync(sized, topology, clock, store, log, cluster, outputDirectory, progress, ct);
        progress.Info($"tree started in {tree.Node.StartTime.TotalMilliseconds:N0} ms");
        if (tree.Node.HistoryUntil >= scenario.SimStart)
        {
            var days = (int)Math.Floor((tree.Node.HistoryUntil - scenario.SimStart).TotalDays) + 1;
            clock.Shift(TimeSpan.FromDays(days));
            notes.Add($"the store already held this city's history: the steps on {nodes} node(s) ran on sim day +{days}");
        }
        LoadSpread? spread = null;
        if (cluster.IsMultiNode)
        {
            await tree.SyncClocksAsync(clock, ct);
            var placement = await tree.ReportsAsync();
            // As in a multi-node run: every node drives the platforms it hosts, unless the load cannot be split.
            spread = await LoadSpread.PlanAsync(tree.Node, placement, plans, topology.Platforms.Count);
            progress.Info($"{tree.Node.Members.Count} nodes up, clocks in step; " + (spread?.Describe() ?? "load generated on this node only"));
        }

        var journal = store.SqlitePath is { } path ? new JournalCounter(path) : null;
        var journalAtStart = journal?.Read();
        if (journal is null && nodes == settings.NodeCounts[0]) notes.Add($"journal writes are counted only on a SQLite store; this run's store is {store.Display}");

        if (settings.Settle > TimeSpan.Zero && !ct.IsCancellationRequested)
        {
            // A fresh cluster's first minute is not its steady state: the JIT recompiles the hot code (measured: a new
            // worker node's tiered-compilation thread at 75 % of a core 30 s after start) and caches fill. Left in the
            // first steps it would read as fixed overhead of the cluster size.
            var first = settings.Series.FactorOf(1);
            progress.Info($"settling: load factor {first.ToString("0.###", CultureInfo.InvariantCulture)} for {Durations.Format(settings.Settle)}, not measured …");
            await DriveAsync(Step(first, clock.Now) with { WarmUp = settings.Settle, Duration = settings.Settle }, tree, spread, topology, null, ct);
        }

        var steps = new List<StepMeasurement>();
        string stop;
        for (var number = 1; ; number++)
        {
            var factor = settings.Series.FactorOf(number);
            progress.Info($"{(settings.NodeCounts.Count > 1 ? $"{nodes} node(s), " : "")}step {number}: load factor {factor.ToString("0.###", CultureInfo.InvariantCulture)}, warm-up {Durations.Format(settings.WarmUp)} + steady {Durations.Format(settings.Steady)} …");
            var step = await MeasureAsync(number, factor, tree, spread, topology, clock, journal, ct);
            steps.Add(step);
            progress.Info(Describe(step));
            if (ct.IsCancellationRequested) { stop = "stopped by the user"; break; }
            if (settings.Series.StopReason(steps) is { } reason) { stop = reason; break; }
        }
        progress.Info($"steps on {nodes} node(s) done: {stop}");

        double? bytesPerRow = null;
        if (journal is not null && journalAtStart is { } before)
        {
            var after = journal.Read();
            if (after.Rows > before.Rows) bytesPerRow = (after.Bytes - before.Bytes) / (double)(after.Rows - before.Rows);
        }
        return new SeriesRun(new NodeSeries(nodes, steps, stop), store.Display, Math.Round(tree.Node.StartTime.TotalMilliseconds, 1), bytesPerRow);
    }

    /// <summary>The store of one cluster size: the scenario's; with several sizes on a SQLite file, a file per size next to
    /// it (size-2-nodes.db), so each size starts on an empty journal and its journal figures are its own.</summary>
    private string StoreFor(int nodes)
    {
        var store = StoreSettings.Parse(scenario.Store);
        if (settings.NodeCounts.Count == 1 || store.SqlitePath is not { } path) return scenario.Store;
        var file = Path.Combine(Path.GetDirectoryName(path) ?? "", $"{Path.GetFileNameWithoutExtension(path)}-{nodes}-nodes{Path.GetExtension(path)}");
        return $"sqlite:{file}";
    }

    /// <summary>The scenario as one step runs it: this load factor, the step's warm-up and steady window, starting at the
    /// tree's current sim time (so office hours are judged on the clock the tree keeps), no faults, no supervision year.</summary>
    private ScenarioDefinition Step(double factor, DateTime simStart) => scenario with
    {
        LoadFactor = factor,
        WarmUp = settings.WarmUp,
        Duration = settings.WarmUp + settings.Steady,
        SimStart = simStart,
        Faults = [],
        Supervision = null,
        Thresholds = settings.Slo,
    };

    private async Task<StepMeasurement> MeasureAsync(int number, double factor, TreeCluster tree, LoadSpread? spread, CityTopology topology,
        SimClock clock, JournalCounter? journal, CancellationToken ct)
    {
        var step = Step(factor, clock.Now);
        var process = Process.GetCurrentProcess();
        var warmUpS = settings.WarmUp.TotalSeconds;
        var endS = warmUpS + settings.Steady.TotalSeconds;
        var halfInterval = step.ReportInterval.TotalSeconds / 2;
        var multi = tree.Settings.IsMultiNode;

        // The steady window's resources are read at the last warm-up row and at the last row, so the settling of
        // operations in flight after the end is left out. Other nodes' CPU is asked for at the same rows.
        Snapshot? start = null, end = null;
        Snapshot Read() => Snapshot.Take(process, journal, multi ? tree : null);
        void OnInterval(TimelineRow row)
        {
            if (start is null) { if (row.TS >= warmUpS - halfInterval) start = Read(); }
            else if (end is null && row.TS >= endS - halfInterval) end = Read();
        }

        var (engine, outcome) = await DriveAsync(step, tree, spread, topology, OnInterval, ct);
        // A step cut short (stopped by the user) is read where it ended.
        start ??= Read();
        end ??= Read();

        var measured = Math.Max(outcome.MeasuredS, 1e-9);
        var names = engine.Plans.Where(p => p.Target is null && p.Name is not LoadPlanner.BootStream and not LoadPlanner.ReregisterStream)
            .Select(p => p.OperationName).ToHashSet(StringComparer.Ordinal);
        var operations = new Dictionary<string, OperationFigures>(StringComparer.Ordinal);
        foreach (var (name, counts) in outcome.PerOperation)
        {
            if (!names.Contains(name) || counts.Offered + counts.Completed == 0) continue;
            var latency = outcome.Latency.GetValueOrDefault(name) ?? LatencyStats.Empty;
            var bytes = outcome.Bytes?.GetValueOrDefault(name) ?? ByteCounts.Zero;
            operations[name] = new OperationFigures(counts.Offered / measured, counts.Completed / measured, counts.Failed / measured,
                latency.Mean, latency.P50, latency.P90, latency.P99, latency.P999,
                counts.Completed > 0 ? (bytes.Sent + bytes.Received) / (double)counts.Completed : 0);
        }
        var slo = new ThresholdTracker(settings.Slo).Finish(new RunMetrics(outcome, outcome.MeasuredS), outcome.AbortedBy)
            .Select(t => new SloVerdict(t.Expr, t.Value, t.Passed)).ToList();
        var window = Math.Max(1e-9, (end.Value.At - start.Value.At).TotalSeconds);
        long? rows = start.Value.JournalRows is { } r0 && end.Value.JournalRows is { } r1 ? r1 - r0 : null;

        // CPU: this process's, or on several nodes every node's process (node 1 is this one) between the same rows.
        var cpu = end.Value.Cpu - start.Value.Cpu;
        List<NodeCpu>? perNode = null;
        if (start.Value.Nodes is { } nodesAtStart && end.Value.Nodes is { } nodesAtEnd)
        {
            var (before, after) = (await nodesAtStart, await nodesAtEnd);
            perNode = after.Where(n => before.ContainsKey(n.Key)).OrderBy(n => n.Key)
                .Select(n => new NodeCpu(n.Key, Math.Max(0, n.Value.CpuS - before[n.Key].CpuS))).ToList();
            cpu = perNode.Sum(n => n.CpuSeconds);
        }
        process.Refresh();
        return new StepMeasurement(number, factor, window,
            outcome.Operations.Offered / measured, outcome.Operations.Completed / measured, outcome.Operations.Failed, outcome.Operations.Dropped,
            operations,
            cpu, engine.GeneratorCpuSeconds,
            end.Value.Gen0 - start.Value.Gen0, end.Value.Gen1 - start.Value.Gen1, end.Value.Gen2 - start.Value.Gen2,
            (end.Value.Allocated - start.Value.Allocated) / (1024.0 * 1024.0),
            process.WorkingSet64 / (1024.0 * 1024.0),
            rows, outcome.GeneratorLag.P99, slo, tree.Node.Members.Count, perNode);
    }

    /// <summary>Drives <paramref name="run"/> on the tree: on several nodes every node generates its own platforms' load
    /// from one agreed instant.</summary>
    private static async Task<(LoadEngine Engine, LoadOutcome Outcome)> DriveAsync(ScenarioDefinition run, TreeCluster tree, LoadSpread? spread,
        CityTopology topology, Action<TimelineRow>? onInterval, CancellationToken ct)
    {
        var engine = new LoadEngine(run, topology, LoadPlanner.Plan(run, topology))
        {
            Share = spread is null ? null : LoadShare.Coordinator(topology.Platforms.Count, spread.CoordinatorPlatforms),
        };
        long? startAt = spread is null ? null : await spread.StartAsync(tree.Node, engine, run, ct);
        var outcome = await engine.RunAsync(
            observer => tree.Node.CreateTree(observer),
            async _ =>
            {
                var s = await tree.Node.CityStatusAsync();
                return new TreeStatus(s.CamerasOnline, s.CamerasOffline, s.ActiveAlarms);
            },
            _ => "faults are not injected in a sizing step",
            onInterval,
            ct,
            startAt: startAt);
        return (engine, outcome);
    }

    /// <summary>This process's resources at one instant, the journal's rows, and (on several nodes) every node's report
    /// as asked for at that instant.</summary>
    private readonly record struct Snapshot(DateTime At, double Cpu, int Gen0, int Gen1, int Gen2, long Allocated, long? JournalRows,
        Task<Dictionary<int, NodeReport>>? Nodes)
    {
        public static Snapshot Take(Process process, JournalCounter? journal, TreeCluster? nodes)
        {
            process.Refresh();
            return new Snapshot(DateTime.UtcNow, process.TotalProcessorTime.TotalSeconds,
                GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalAllocatedBytes(), journal?.Read().Rows,
                nodes?.ReportsAsync());
        }
    }

    /// <summary>Which network link each operation's messages cross, and how much of it the busiest link of that kind
    /// carries: device traffic by its cameras' share, a service point's by one point's.</summary>
    private static List<LinkTraffic> Links(IReadOnlyList<StreamPlan> operations, CityTopology topology)
    {
        var cameras = Math.Max(1, topology.CameraCount);
        var busiestPoint = topology.Points.Max(p => p.CameraCount) / (double)cameras;
        var busiestPlatform = topology.Platforms.Max(p => p.CameraCount) / (double)cameras;
        int points = topology.Points.Count, platforms = topology.Platforms.Count;
        var links = new List<LinkTraffic>();
        foreach (var plan in operations)
        {
            var name = plan.OperationName;
            foreach (var kind in plan.Then is { } then ? new[] { plan.Kind, then } : [plan.Kind])
            {
                switch (kind)
                {
                    case OperationKind.Keepalive or OperationKind.Registration:
                        links.Add(new LinkTraffic(PointUplink, name, WireSizes.Of(kind).Total, points, busiestPoint));
                        break;
                    case OperationKind.Alarm:
                        links.Add(new LinkTraffic(PointLan, name, WireSizes.Of(AlarmLeg.CameraToPoint).Total, points, busiestPoint));
                        links.Add(new LinkTraffic(PointUplink, name, WireSizes.Of(AlarmLeg.PointToPlatform).Total, points, busiestPoint));
                        links.Add(new LinkTraffic(PlatformUplink, name, WireSizes.Of(AlarmLeg.PlatformToCity).Total, platforms, busiestPlatform));
                        break;
                    case OperationKind.ServiceFlow:
                        links.Add(new LinkTraffic(PointLan, name, WireSizes.Of(kind).Total, points, 1.0 / points));
                        break;
                    case OperationKind.AlarmQuery:
                        links.Add(new LinkTraffic(PlatformUplink, name, WireSizes.Of(kind).Total, platforms, busiestPlatform));
                        break;
                    default:
                        if (WireSizes.TryOf(kind, out var size)) links.Add(new LinkTraffic(CityApi, name, size.Total, 1, 1));
                        break;
                }
            }
        }
        return links;
    }

    public const string PointLan = "camera → service point (LAN)";
    public const string PointUplink = "service point → platform";
    public const string PlatformUplink = "platform → city";
    public const string CityApi = "supervision API at the city";

    private static string Describe(StepMeasurement s)
    {
        var inv = CultureInfo.InvariantCulture;
        var p99 = string.Join(", ", s.Operations.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} p99 {o.Value.P99Ms.ToString("0.0", inv)} ms"));
        var slo = s.Slo.Count == 0 ? "" : s.SloHeld ? "; SLO held" : "; SLO broke: " + string.Join(", ", s.Slo.Where(v => !v.Passed).Select(v => v.Expr));
        return string.Create(inv, $"  offered {s.OfferedPerSecond:N0}/s, completed {s.CompletedPerSecond:N0}/s; {p99}; cpu {s.BusyCores:0.00} cores") +
               (s.GeneratorCpuSeconds is { } g ? string.Create(inv, $" (generator {g / s.SteadySeconds:0.00})") : "") +
               (s.JournalWritesPerSecond is { } j ? string.Create(inv, $"; journal {j:N0} rows/s") : "") + slo;
    }
}
