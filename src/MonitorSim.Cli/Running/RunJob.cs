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
/// One capacity-test run: build the topology, start the tree on a one-node cluster, drive the workload, write the
/// reports, and say whether every threshold held.
/// </summary>
public sealed class RunJob(ScenarioDefinition scenario, string outputDirectory, IRunProgress progress)
{
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
        var plans = LoadPlanner.Plan(scenario, topology);

        var store = StoreSettings.Parse(scenario.Store);
        var rules = new MonitoringRules(scenario.Monitoring.KeepaliveInterval, scenario.Monitoring.OfflineAfterMissed,
            scenario.Monitoring.RegistrationExpiry, scenario.Monitoring.OnlineOnKeepalive, MonitoringRules.Standard.AlarmClearAfter);
        using var log = new FileLoggerProvider(Path.Combine(outputDirectory, "run.log"));
        var clock = new SimClock(scenario.SimStart, scenario.Compression);
        var events = new List<string>();
        var usesTree = scenario.Streams.Any(s => s.UsesTree);
        TreeNode? node = null;
        if (usesTree)
        {
            progress.Info($"starting the tree on a one-node cluster, store {store.Display} …");
            node = await TreeNode.StartAsync(new TreeNodeOptions(topology, rules, clock, store, scenario.Monitoring.SweepInterval, Logging: log), ct);
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
            fault => node is null ? "fault skipped: the tree is not running" : Inject(node, topology, fault),
            progress.Interval,
            ct,
            thresholds.Any ? (soFar, measuredSeconds) => thresholds.Check(new RunMetrics(soFar, measuredSeconds), soFar.Timeline[^1].TS) : null);

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
            scenario.WarmUp.TotalSeconds, scenario.LoadFactor, scenario.Compression, 1, store.Display, RunFacts.Commit(),
            RunFacts.Machine(), RunFacts.DotNet(), RunFacts.Os(), Environment.ProcessorCount);
        var topologySummary = new TopologySummary(topology.Platforms.Count, topology.Points.Count, topology.CameraCount,
            topology.CoHandling.Count(u => u.IsCentre), topology.CoHandling.Count(u => !u.IsCentre), topology.Divisions.Count,
            TopologyBuilder.Fingerprint(topology), Math.Round(buildMs, 2), Math.Round(node?.StartTime.TotalMilliseconds ?? 0, 1));

        var result = new RunResult(info, topologySummary, outcome.Workload, outcome.Operations, outcome.ThroughputOps,
            outcome.Latency, outcome.ServiceTime, outcome.GeneratorLag, outcome.PerOperation, outcome.Failures, [],
            resources, outcome.Timeline, outcome.FinalTree, [.. events, .. outcome.Events], outcome.Bytes);
        result = result with { Thresholds = thresholds.Finish(new RunMetrics(result), outcome.AbortedBy) };
        ReportWriter.WriteAll(result, outputDirectory);
        return result;
    }

    private static string Inject(TreeNode node, CityTopology topology, FaultDefinition fault)
    {
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
