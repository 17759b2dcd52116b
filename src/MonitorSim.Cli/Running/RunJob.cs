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
    private LocalNodes? _workers;
    private readonly Dictionary<string, int> _remoteNumbers = [];

    public async Task<RunResult> ExecuteAsync(CancellationToken ct)
    {
        try
        {
            return await ExecuteCoreAsync(ct);
        }
        finally
        {
            // Worker nodes never outlive the run, however it ends.
            if (_workers is not null) await _workers.DisposeAsync();
        }
    }

    private async Task<RunResult> ExecuteCoreAsync(CancellationToken ct)
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
        var rules = TreeSetup.Rules(scenario);
        using var log = new FileLoggerProvider(Path.Combine(outputDirectory, "run.log"));
        var clock = new SimClock(scenario.SimStart, scenario.Compression);
        var events = new List<string>();
        var usesTree = scenario.Streams.Any(s => s.UsesTree);
        TreeNode? node = null;
        if (usesTree)
        {
            var multi = _cluster.IsMultiNode;
            progress.Info(multi
                ? $"starting the tree on {_cluster.TreeNodes} nodes (this process, {_cluster.Nodes - 1} local node processes" +
                  (_cluster.RemoteNodes > 0 ? $" and {_cluster.RemoteNodes} nodes joining from other hosts" : "") + $"), store {store.Display} …"
                : $"starting the tree on a one-node cluster, store {store.Display} …");
            var membership = multi
                ? new ClusterMembership([], [ClusterMembership.TreeRole, ClusterMembership.LoadRole], _cluster.TreeNodes, WakeTree: true,
                    WhenUp: (self, _) =>
                    {
                        if (_cluster.RemoteNodes > 0) progress.Info($"waiting for {_cluster.RemoteNodes} node(s) to join at {self} (monitorsim node --seed {self} …)");
                        if (_cluster.Nodes > 1) _workers = LocalNodes.Start(_cluster.Nodes - 1, WorkerArgs(self, clock), outputDirectory);
                        return Task.CompletedTask;
                    })
                : ClusterMembership.SingleNode;
            node = await TreeNode.StartAsync(new TreeNodeOptions(topology, rules, clock, store, scenario.Monitoring.SweepInterval,
                _cluster.Hostname, _cluster.Port, log, Membership: membership, Tls: _cluster.Tls, Partitionable: TreeSetup.Partitionable(scenario)), ct);
            progress.Info($"tree started in {node.StartTime.TotalMilliseconds:N0} ms: cluster up after {node.ClusterUpTime.TotalMilliseconds:N0} ms, " +
                          $"then {topology.Platforms.Count + topology.Points.Count:N0} platforms and points woken and recovered");
        }
        else
        {
            // Self-test targets only: the engine is measured against known answers, with nothing else on the machine.
            progress.Info("self-test targets only: the tree is not started");
            events.Add("self-test targets only: the monitoring tree was not started");
        }
        await using var running = node;

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
        if (node is not null && _cluster.IsMultiNode)
        {
            // One sim time for every process (the worker nodes started with this clock's reading; the next-day shift
            // above came after), then where the platforms went.
            var (simAt, wallUtc) = clock.Reading();
            foreach (var member in node.Members) await SyncClockAsync(node, member, simAt, wallUtc, ct);
            placement = await NodeReportsAsync(node);
            var hosted = string.Join(", ", placement.OrderBy(p => p.Key).Select(p => $"node {p.Key}: {p.Value.PlatformIds?.Count.ToString() ?? "?"}"));
            progress.Info($"{node.Members.Count} nodes up, clocks in step; platforms per node: {hosted}");
            events.Add($"cluster of {node.Members.Count} nodes; platforms per node: {hosted}");
        }
        var faults = node is null ? null : new FaultInjector(node, topology, _workers, _cluster.Nodes, placement);

        // In a multi-node run every node with the load role drives the platforms it hosts (see LoadSpread).
        var spread = node is not null && _cluster.IsMultiNode && LoadShare.CanSpread(plans)
            ? await LoadSpread.PlanAsync(node, placement, topology.Platforms.Count)
            : null;
        if (spread is { Workers: 0 }) spread = null;
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

        var supervision = year is null ? null : await year;
        if (supervision is not null) events.AddRange(supervision.Problems.Select(p => $"supervision: {p}"));
        if (faults is not null) events.AddRange(await faults.AftermathAsync());
        var audit = node is null ? null : await AlarmAuditor.AuditAsync(node, topology, engine.AcknowledgedAlarms.ToArray(), events);
        if (node is not null && scenario.Monitoring.DetectionsFileClues)
        {
            var city = await node.CityStatusAsync();
            events.Add($"the city filed {city.DetectionCluesFiled:N0} detections of inaction (early leave, desk unattended) as clues for the supervision workflows");
        }
        var nodes = node is not null && _cluster.IsMultiNode ? NodeUsages(await NodeReportsAsync(node), placement) : [];
        if (_workers is not null)
            foreach (var (number, code) in _workers.Exited)
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

    /// <summary>The arguments of every worker node: the same scenario, seed, store and security as this run, this node as
    /// the seed, and this clock's reading so that sim time agrees from the start.</summary>
    private List<string> WorkerArgs(string seed, SimClock clock)
    {
        if (scenario.SourceFile.Length == 0 || !File.Exists(scenario.SourceFile))
            throw new InvalidOperationException("a multi-node run needs its scenario as a file: the worker nodes load the same one");
        var (simAt, wallUtc) = clock.Reading();
        var args = new List<string>
        {
            scenario.SourceFile, "--seed", seed, "--hostname", _cluster.Hostname, "--store", scenario.Store,
            "--topology-seed", scenario.Seed.ToString(CultureInfo.InvariantCulture),
            // Every local node hosts platforms and drives their cameras' load.
            "--role", ClusterMembership.TreeRole, "--role", ClusterMembership.LoadRole,
            "--clock", $"{simAt.ToString("O", CultureInfo.InvariantCulture)}@{wallUtc.ToString("O", CultureInfo.InvariantCulture)}",
        };
        if (_cluster.Tls is { } tls)
        {
            args.AddRange(["--tls-cert", tls.CertificatePath, "--tls-ca", tls.CaCertificatePath]);
            if (tls.CertificatePassword is { } pw) args.AddRange(["--tls-password", pw]);
        }
        return args;
    }

    /// <summary>Every reachable node's report, by node number (1 = this process; workers by their process id).</summary>
    private async Task<Dictionary<int, NodeReport>> NodeReportsAsync(TreeNode node)
    {
        var reports = new Dictionary<int, NodeReport>();
        foreach (var member in node.Members)
        {
            try
            {
                var report = await node.AgentOf(member).Ask<NodeReport>(GetNodeReport.Instance, TimeSpan.FromSeconds(5));
                var local = _workers?.Workers.FirstOrDefault(w => w.ProcessId == report.ProcessId).Number ?? 0;
                // This process is node 1, local workers 2 … N; nodes from other hosts follow, numbered by their address.
                var number = report.Address == Akka.Cluster.Cluster.Get(node.System).SelfAddress.ToString() ? 1
                    : local > 0 ? local
                    : _remoteNumbers.TryGetValue(report.Address, out var known) ? known
                    : _remoteNumbers[report.Address] = _cluster.Nodes + _remoteNumbers.Count + 1;
                reports[number] = report;
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
            {
                // An unreachable member (killed, not yet downed) has no report.
            }
        }
        return reports;
    }

    private List<NodeUsage> NodeUsages(Dictionary<int, NodeReport> atEnd, Dictionary<int, NodeReport> atStart)
    {
        var usages = atEnd.OrderBy(r => r.Key).Select(r => new NodeUsage(r.Key, r.Value.Address, r.Value.Roles, r.Value.ProcessId,
            r.Value.CpuS, r.Value.PeakWorkingSetMb, r.Value.AllocatedMb, r.Value.PlatformIds?.Count, r.Value.Points)).ToList();
        // A node gone by the end (killed, or downed by the cluster and exited) is still listed, with what it hosted at the start.
        foreach (var (number, before) in atStart.Where(s => !atEnd.ContainsKey(s.Key)))
        {
            var killed = _workers?.Workers.Any(w => w.Number == number && w.Killed) ?? false;
            usages.Add(new NodeUsage(number, before.Address, before.Roles, before.ProcessId, null, null, null, before.PlatformIds?.Count, before.Points,
                Killed: killed, Left: true));
        }
        return usages.OrderBy(u => u.Number).ToList();
    }

    /// <summary>Sets a node's sim clock to this one's reading. Asked again if unanswered: a worker that has only just
    /// joined may not have its agent up yet (the first ask then goes to dead letters), or may be too busy starting to
    /// answer within the timeout on a loaded machine (seen once in CI, over TLS). Adopting the same reading twice is
    /// harmless.</summary>
    private static async Task SyncClockAsync(TreeNode node, Akka.Actor.Address member, DateTime simAt, DateTime wallUtc, CancellationToken ct)
    {
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await node.AgentOf(member).Ask<ClockSynced>(new SyncClock(simAt, wallUtc), TimeSpan.FromSeconds(10), ct);
                return;
            }
            catch (Akka.Actor.AskTimeoutException) when (attempt < attempts) { }
        }
    }
}
