using MonitorSim.Cluster.Protocol;
using Akka.Actor;
using System.Globalization;
using System.Diagnostics;
using MonitorSim.Cli.Logging;
using MonitorSim.Cluster.Hosting;
using MonitorSim.Cluster.Persistence;
using MonitorSim.Domain.Monitoring;
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
public sealed class RunJob(ScenarioDefinition scenario, string outputDirectory, IRunProgress progress, ClusterSettings? clusterSettings = null)
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
        var plans = LoadPlanner.Plan(scenario, topology);

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
                _cluster.Hostname, _cluster.Port, log, Membership: membership, Tls: _cluster.Tls), ct);
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
            foreach (var member in node.Members)
                await node.AgentOf(member).Ask<ClockSynced>(new SyncClock(simAt, wallUtc), TimeSpan.FromSeconds(10), ct);
            placement = await NodeReportsAsync(node);
            var spread = string.Join(", ", placement.OrderBy(p => p.Key).Select(p => $"node {p.Key}: {p.Value.PlatformIds?.Count.ToString() ?? "?"}"));
            progress.Info($"{node.Members.Count} nodes up, clocks in step; platforms per node: {spread}");
            events.Add($"cluster of {node.Members.Count} nodes; platforms per node: {spread}");
        }
        var recoveries = new List<Task<string>>();

        var engine = new LoadEngine(today, topology, plans);
        var thresholds = new ThresholdTracker(scenario.Thresholds);
        var outcome = await engine.RunAsync(
            observer => node?.CreateTree(observer) ?? throw new InvalidOperationException("no tree in a self-test run"),
            async c =>
            {
                if (node is null) return TreeStatus.Unknown;
                var s = await node.CityStatusAsync();
                return new TreeStatus(s.CamerasOnline, s.CamerasOffline, s.ActiveAlarms);
            },
            fault => node is null ? "fault skipped: the tree is not running" : Inject(node, topology, fault, placement, recoveries),
            progress.Interval,
            ct,
            thresholds.Any ? (soFar, measuredSeconds) => thresholds.Check(new RunMetrics(soFar, measuredSeconds), soFar.Timeline[^1].TS) : null);

        foreach (var recovery in recoveries) events.Add(await recovery);
        var audit = node is null ? null : await AuditAlarmsAsync(node, topology, engine, events);
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
            : scenario.Duration.TotalSeconds;
        var info = new RunInfo(scenario.Name, scenario.SourceFile, scenario.Seed, startedAt, durationS,
            scenario.WarmUp.TotalSeconds, scenario.LoadFactor, scenario.Compression, usesTree ? _cluster.TreeNodes : 1, store.Display, RunFacts.Commit(),
            RunFacts.Machine(), RunFacts.DotNet(), RunFacts.Os(), Environment.ProcessorCount);
        var topologySummary = new TopologySummary(topology.Platforms.Count, topology.Points.Count, topology.CameraCount,
            topology.CoHandling.Count(u => u.IsCentre), topology.CoHandling.Count(u => !u.IsCentre), topology.Divisions.Count,
            TopologyBuilder.Fingerprint(topology), Math.Round(buildMs, 2), Math.Round(node?.StartTime.TotalMilliseconds ?? 0, 1));

        var result = new RunResult(info, topologySummary, outcome.Workload, outcome.Operations, outcome.ThroughputOps,
            outcome.Latency, outcome.ServiceTime, outcome.GeneratorLag, outcome.PerOperation, outcome.Failures, [],
            resources, outcome.Timeline, outcome.FinalTree, [.. events, .. outcome.Events], outcome.Bytes, nodes, audit);
        result = result with { Thresholds = thresholds.Finish(new RunMetrics(result), outcome.AbortedBy) };
        ReportWriter.WriteAll(result, outputDirectory);
        return result;
    }

    /// <summary>Every alarm acknowledged to its camera must be in its platform's journal: read the journal back and count.</summary>
    private static async Task<AlarmAudit?> AuditAlarmsAsync(TreeNode node, CityTopology topology, LoadEngine engine, List<string> events)
    {
        var acknowledged = engine.AcknowledgedAlarms.ToArray();
        if (acknowledged.Length == 0) return null;
        Dictionary<int, HashSet<long>>? stored;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            stored = await node.StoredAlarmIdsAsync(timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            events.Add($"alarm audit: the journal could not be read back in time ({e.Message})");
            return new AlarmAudit(acknowledged.Length, 0, 0, "the journal could not be read back in time");
        }
        if (stored is null)
            return new AlarmAudit(acknowledged.Length, 0, 0, "memory store: nothing outlives the processes, so there is nothing to read back");
        long found = 0;
        foreach (var (camera, id) in acknowledged)
            if (stored.TryGetValue(topology.PlatformOf(new CameraId(camera)).Value, out var ids) && ids.Contains(id)) found++;
        var missing = acknowledged.Length - found;
        events.Add(missing == 0
            ? $"alarm audit: all {acknowledged.Length:N0} acknowledged alarms are in the journal"
            : $"alarm audit: {missing:N0} of {acknowledged.Length:N0} acknowledged alarms are NOT in the journal");
        return new AlarmAudit(acknowledged.Length, found, missing);
    }

    /// <summary>
    /// After a node is killed, asks each of its platforms for its status until every one answers again — from wherever
    /// the cluster restarted it — and says how long that took from the kill (the target is 30 s).
    /// </summary>
    private static async Task<string> RecoveryAsync(TreeNode node, int number, IReadOnlyList<int> platforms, long killedAt, string what = "killed")
    {
        var waiting = new HashSet<int>(platforms);
        var limit = TimeSpan.FromSeconds(120);
        while (waiting.Count > 0 && Stopwatch.GetElapsedTime(killedAt) < limit)
        {
            var probes = waiting.Select(async p =>
            {
                try { await node.PlatformStatusAsync(p, TimeSpan.FromSeconds(1)); return p; }
                catch (Exception e) when (e is AskTimeoutException or TaskCanceledException) { return -1; }
            }).ToList();
            foreach (var answered in await Task.WhenAll(probes)) waiting.Remove(answered);
            if (waiting.Count > 0) await Task.Delay(250);
        }
        var after = Stopwatch.GetElapsedTime(killedAt).TotalSeconds;
        return waiting.Count == 0
            ? $"node {number}'s {platforms.Count} platforms answer again {after:0.0} s after it was {what}"
            : $"{waiting.Count} of node {number}'s {platforms.Count} platforms still did not answer {limit.TotalSeconds:0} s after it was {what}";
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
        foreach (var (number, pid, killed) in _workers?.Workers ?? [])
            if (killed && atStart.TryGetValue(number, out var before))
                usages.Add(new NodeUsage(number, before.Address, before.Roles, pid, null, null, null, before.PlatformIds?.Count, before.Points, Killed: true));
        return usages.OrderBy(u => u.Number).ToList();
    }

    private string Inject(TreeNode node, CityTopology topology, FaultDefinition fault, Dictionary<int, NodeReport> placement,
        List<Task<string>> recoveries)
    {
        if (fault.Target == FaultTarget.Store)
        {
            var store = node.Options.Store;
            if (!StoreOutage.Supported(store)) return $"fault skipped: the {store.Display} store lives inside each process and cannot be made unavailable";
            var began = Stopwatch.GetTimestamp();
            lock (recoveries)
                recoveries.Add(Task.Run(async () =>
                {
                    try
                    {
                        await StoreOutage.HoldAsync(store, fault.DownFor, CancellationToken.None);
                        return $"the store took writes again after {Stopwatch.GetElapsedTime(began).TotalSeconds:0.0} s (outage from t={fault.At.TotalSeconds:0.0}s)";
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        return $"the store outage could not be injected: {e.Message}";
                    }
                }));
            return $"store {store.Display} unavailable for writes for {Durations.Format(fault.DownFor)} (the journal held locked)";
        }
        if (fault.Target == FaultTarget.NodeFreeze)
        {
            var number = fault.Node ?? 0;
            if (_workers is null || !_workers.Freeze(number, fault.DownFor, out var pid, out _))
                return $"fault skipped: there is no running node {number} to freeze (this run has {_cluster.Nodes} local node(s); freezing needs Linux or macOS)";
            var platforms = placement.TryGetValue(number, out var report) ? report.PlatformIds ?? [] : [];
            lock (recoveries) recoveries.Add(RecoveryAsync(node, number, platforms, Stopwatch.GetTimestamp(), "frozen"));
            return $"node {number} (pid {pid}, {platforms.Count} platforms) frozen (SIGSTOP) for {Durations.Format(fault.DownFor)}";
        }
        if (fault.Target == FaultTarget.Node)
        {
            var number = fault.Node ?? 0;
            if (_workers is null || !_workers.Kill(number, out var pid))
                return $"fault skipped: there is no running node {number} (this run has {_cluster.Nodes} node(s))";
            var platforms = placement.TryGetValue(number, out var report) ? report.PlatformIds ?? [] : [];
            var killedAt = Stopwatch.GetTimestamp();
            lock (recoveries) recoveries.Add(RecoveryAsync(node, number, platforms, killedAt));
            return $"node {number} (pid {pid}, {platforms.Count} platforms) killed (SIGKILL)";
        }
        if (fault.Target == FaultTarget.City)
        {
            node.CrashCity(fault.DownFor);
            return $"city platform crashed, down for {Durations.Format(fault.DownFor)}, then restarts (platforms re-register, catalogs re-sync)";
        }
        var platform = fault.Largest
            ? topology.Platforms.MaxBy(p => p.CameraCount)!.Id.Value
            : fault.PlatformId ?? 0;
        node.CrashPlatform(platform, fault.DownFor);
        var info = topology.Platforms[platform];
        return $"platform {info.Path} ({info.CameraCount:N0} cameras) crashed, down for {Durations.Format(fault.DownFor)}, then restarts (its cameras re-register)";
    }
}
