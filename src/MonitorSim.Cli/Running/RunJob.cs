using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using MonitorSim.Cli.Logging;
using MonitorSim.Cli.Running.Generators;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Cluster.Protocol;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;
using MonitorSim.Load.Thresholds;
using MonitorSim.Reports;

namespace MonitorSim.Cli.Running;

/// <summary>
/// One capacity-test run: build the topology, start the tree (on one node, or on this node plus local worker node
/// processes), drive the workload, write the reports, and say whether every threshold held.
/// </summary>
public sealed class RunJob(ScenarioDefinition scenario, string outputDirectory, IRunProgress progress, ClusterSettings? clusterSettings = null,
    RunHooks? hooks = null)
{
    private readonly ClusterSettings _cluster = clusterSettings ?? ClusterSettings.SingleNode;

    public async Task<RunResult> ExecuteAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(outputDirectory);
        var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        var allocatedAtStart = GC.GetTotalAllocatedBytes();
        var gcAtStart = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var startedAt = DateTimeOffset.Now;

        var buildWatch = Stopwatch.StartNew();
        var topology = TopologyBuilder.Build(scenario.Topology, scenario.Seed);
        var buildMs = buildWatch.Elapsed.TotalMilliseconds;
        progress.Info($"topology: {topology.Platforms.Count} platforms, {topology.Points.Count:N0} points, {topology.CameraCount:N0} cameras (seed {scenario.Seed})");
        // Planned before anything starts: a feed naming a camera this topology lacks stops the run here (ScenarioException).
        var plans = hooks?.Plan?.Invoke(topology) ?? LoadPlanner.Plan(scenario, topology);

        var store = StoreSettings.Parse(scenario.Store);
        using var log = new FileLoggerProvider(Path.Combine(outputDirectory, "run.log"));
        var clock = new SimClock(scenario.SimStart, scenario.Compression);
        var events = new List<string>();
        var usesTree = scenario.Streams.Any(s => s.UsesCluster) || scenario.Monitoring.Sip is not null;
        TreeCluster? cluster = null;
        if (usesTree)
        {
            progress.Info(_cluster.IsMultiNode
                ? $"starting the tree on {_cluster.TreeNodes} nodes (this process, {_cluster.Nodes - 1} local node processes" +
                  (_cluster.RemoteNodes > 0 ? $" and {_cluster.RemoteNodes} nodes joining from other hosts" : "") + $"), store {store.Display} …"
                : $"starting the tree on a one-node cluster, store {store.Display} …");
            cluster = await TreeCluster.StartAsync(scenario, topology, clock, store, log, _cluster, outputDirectory, progress, ct);
            progress.Info($"tree started in {cluster.Node.StartTime.TotalMilliseconds:N0} ms: cluster up after {cluster.Node.ClusterUpTime.TotalMilliseconds:N0} ms, " +
                          $"then {topology.Platforms.Count + topology.Points.Count:N0} platforms and points woken and recovered");
        }
        else
        {
            // Self-test targets only: the engine is measured against known answers, with nothing else on the machine.
            progress.Info("no stream uses the in-cluster tree (self-test or SIP targets): the tree is not started");
            events.Add("no stream uses the in-cluster tree (self-test or SIP targets): the monitoring tree was not started");
        }
        // The tree, then its worker nodes, stop however the run ends.
        await using var running = cluster;
        var node = cluster?.Node;
        // The tree's SIP front door (monitoring.sip): GB/T 28181 devices reach the model's platforms over real SIP.
        await using var sipDoor = node is null || scenario.Monitoring.Sip is not { } sip ? null
            : Sip.Platform.SipFrontDoor.Start(sip.Listen, sip.Domain, Environment.GetEnvironmentVariable(sip.PasswordEnv) ?? "",
                topology.CameraCount, node.CreateTree, progress.Info);

        var today = scenario;
        if (node is not null && node.HistoryUntil >= scenario.SimStart)
        {
            // The store already holds this city's history up to a later sim time: the run is the next sim day at the
            // scenario's start time, so time never runs backwards and yesterday's alarms clear as they would.
            var days = (int)Math.Floor((node.HistoryUntil - scenario.SimStart).TotalDays) + 1;
            clock.Shift(TimeSpan.FromDays(days));
            today = scenario with { SimStart = scenario.SimStart.AddDays(days) };
            var note = $"the store's history runs to {node.HistoryUntil:yyyy-MM-dd HH:mm:ss} (sim): this run is sim day +{days}, starting {today.SimStart:yyyy-MM-dd HH:mm:ss}";
            progress.Info(note);
            events.Add(note);
        }

        Dictionary<int, NodeReport> placement = [];
        if (cluster is not null && _cluster.IsMultiNode)
        {
            // One sim time for every process (the worker nodes started with this clock's reading; the next-day shift
            // above came after), then where the platforms went.
            await cluster.SyncClocksAsync(clock, ct);
            placement = await cluster.ReportsAsync();
            var hosted = string.Join(", ", placement.OrderBy(p => p.Key).Select(p => $"node {p.Key}: {p.Value.PlatformIds?.Count.ToString() ?? "?"}"));
            progress.Info($"{cluster.Node.Members.Count} nodes up, clocks in step; platforms per node: {hosted}");
            events.Add($"cluster of {cluster.Node.Members.Count} nodes; platforms per node: {hosted}");
        }
        var faults = cluster is null ? null : new FaultInjector(cluster.Node, topology, cluster.Workers, _cluster.Nodes, placement);

        // In a multi-node run every node with the load role drives the platforms it hosts (see LoadSpread).
        var spread = node is not null && _cluster.IsMultiNode ? await LoadSpread.PlanAsync(node, placement, plans, topology.Platforms.Count) : null;
        var engine = new LoadEngine(today, topology, plans)
        {
            Share = spread is null ? null : LoadShare.Coordinator(topology.Platforms.Count, spread.CoordinatorPlatforms),
            Recorder = hooks?.Recorder,
        };
        long? startAt = null;
        if (spread is not null)
        {
            startAt = await spread.StartAsync(node!, engine, today, ct);
            progress.Info(spread.Describe());
            events.Add(spread.Describe());
            if (faults is not null) faults.NodeKilled = address => engine.RemoteLost(address, "its node was killed by the scenario's fault");
        }
        // The supervision year runs beside the streams, on the same cluster, until it is done.
        var year = node is not null && scenario.Supervision is { } supervisionSpec
            ? SupervisionYearRun.RunAsync(node, scenario, supervisionSpec, topology, store, progress, ct)
            : null;
        var thresholds = new ThresholdTracker(scenario.Thresholds);
        var outcome = await engine.RunAsync(
            observer => node?.CreateTree(observer) ?? throw new InvalidOperationException("no tree in a self-test run"),
            async c =>
            {
                if (node is null) return TreeStatus.Unknown;
                var s = await node.CityStatusAsync();
                return new TreeStatus(s.CamerasOnline, s.CamerasOffline, s.ActiveAlarms);
            },
            fault => faults?.Inject(fault) ?? "fault skipped: the tree is not running",
            progress.Interval,
            ct,
            thresholds.Any ? (soFar, measuredSeconds) => thresholds.Check(new RunMetrics(soFar, measuredSeconds), soFar.Timeline[^1].TS) : null,
            startAt);

        if (sipDoor is not null) events.Add(sipDoor.Summary());
        var supervision = year is null ? null : await year;
        if (supervision is not null) events.AddRange(supervision.Problems.Select(p => $"supervision: {p}"));
        if (faults is not null) events.AddRange(await faults.AftermathAsync());
        var audit = node is null ? null : await AlarmAuditor.AuditAsync(node, topology, engine.AcknowledgedAlarms.ToArray(), events);
        if (node is not null && scenario.Monitoring.DetectionsFileClues)
        {
            var city = await node.CityStatusAsync();
            events.Add($"the city filed {city.DetectionCluesFiled:N0} detections of inaction (early leave, desk unattended) as clues for the supervision workflows");
        }
        var nodes = cluster is not null && _cluster.IsMultiNode ? cluster.Usages(await cluster.ReportsAsync(), placement) : [];
        if (cluster?.Workers is { } workers)
            foreach (var (number, code) in workers.Exited)
                events.Add($"node {number} exited on its own during the run (exit code {code}); its log is node-{number}.log");

        var process = Process.GetCurrentProcess();
        process.Refresh();
        var resources = new ResourceUsage(
            Math.Round((process.TotalProcessorTime - cpuAtStart).TotalSeconds, 2),
            Math.Round(process.PeakWorkingSet64 / (1024.0 * 1024.0), 1),
            GC.CollectionCount(0) - gcAtStart.Item1, GC.CollectionCount(1) - gcAtStart.Item2, GC.CollectionCount(2) - gcAtStart.Item3,
            Math.Round((GC.GetTotalAllocatedBytes() - allocatedAtStart) / (1024.0 * 1024.0), 1));

        // A run that ended early (aborted, cancelled, or its counted load done) reports the time it ran, so rates are right.
        var scheduledS = scenario.Duration.TotalSeconds - scenario.WarmUp.TotalSeconds;
        var durationS = outcome.MeasuredS > 0 && outcome.MeasuredS < scheduledS - 0.001
            ? Math.Round(scenario.WarmUp.TotalSeconds + outcome.MeasuredS, 3)
            // Stopped inside its warm-up: as long as it ran.
            : ct.IsCancellationRequested || outcome.AbortedBy is not null
                ? Math.Round(Math.Min(scenario.Duration.TotalSeconds, outcome.Timeline.Count > 0 ? outcome.Timeline[^1].TS : 0), 3)
                : scenario.Duration.TotalSeconds;
        var info = new RunInfo(scenario.Name, scenario.SourceFile, scenario.Seed, startedAt, durationS,
            scenario.WarmUp.TotalSeconds, scenario.LoadFactor, scenario.Compression, usesTree ? _cluster.TreeNodes : 1, store.Display, RunFacts.Commit(),
            RunFacts.Machine(), RunFacts.DotNet(), RunFacts.Os(), Environment.ProcessorCount);
        var topologySummary = new TopologySummary(topology.Platforms.Count, topology.Points.Count, topology.CameraCount,
            topology.CoHandling.Count(u => u.IsCentre), topology.CoHandling.Count(u => !u.IsCentre), topology.Divisions.Count,
            TopologyBuilder.Fingerprint(topology), Math.Round(buildMs, 2), Math.Round(node?.StartTime.TotalMilliseconds ?? 0, 1));

        var result = new RunResult(info, topologySummary, outcome.Workload, outcome.Operations, outcome.ThroughputOps,
            outcome.Latency, outcome.ServiceTime, outcome.GeneratorLag, outcome.PerOperation, outcome.Failures, [],
            resources, outcome.Timeline, outcome.FinalTree, [.. events, .. outcome.Events], outcome.Bytes, nodes, audit, supervision);
        if (hooks?.Complete is { } complete) result = complete(result);
        result = result with { Thresholds = thresholds.Finish(new RunMetrics(result), outcome.AbortedBy) };
        ReportWriter.WriteAll(result, outputDirectory);
        return result;
    }
}
