using System.Diagnostics;
using MonitorSim.Domain.Topology;
using MonitorSim.Harness.Faults;
using MonitorSim.Harness.Isolation;
using MonitorSim.Harness.Logging;
using MonitorSim.Harness.Measurement;
using MonitorSim.Harness.Nodes;
using MonitorSim.Harness.Session;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;
using MonitorSim.Load.Thresholds;
using MonitorSim.Reports;

namespace MonitorSim.Harness.Runs;

/// <summary>
/// One capacity-test run = a tree session + one measured window + reports: build the topology, start the tree (on one
/// node, or on this node plus local worker node processes), drive the workload with its faults and supervision year,
/// audit what was acknowledged, write the reports, and say whether every threshold held. A replay is a run whose
/// <see cref="RunHooks"/> plan the streams from a log and add their section to the result. With
/// <see cref="ClusterSettings.Cpus"/> the nodes are CPU-isolated (<see cref="NodeIsolation"/>): capped once the tree has
/// started, as a size run's are, until the run ends.
/// </summary>
public sealed class RunJob(ScenarioDefinition scenario, string outputDirectory, IRunProgress progress, ClusterSettings? clusterSettings = null,
    RunHooks? hooks = null)
{
    private readonly ClusterSettings _cluster = clusterSettings ?? ClusterSettings.SingleNode;

    public async Task<RunResult> ExecuteAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(outputDirectory);
        var atJobStart = ResourceSnapshot.Take();
        var startedAt = DateTimeOffset.Now;

        var buildWatch = Stopwatch.StartNew();
        // A province's cities are trees of their own; the engine sees them end to end (ProvinceTopology.Whole).
        var province = scenario.Cities is { } cities ? ProvinceTopology.Build(cities, scenario.Seed) : null;
        var topology = province?.Whole ?? TopologyBuilder.Build(scenario.Topology, scenario.Seed);
        var buildMs = buildWatch.Elapsed.TotalMilliseconds;
        progress.Info($"topology: {(province is null ? "" : $"{province.Cities.Count} cities, ")}{topology.Platforms.Count} platforms, " +
                      $"{topology.Points.Count:N0} points, {topology.CameraCount:N0} cameras (seed {scenario.Seed})");
        if (Gen0Budget.Advice(topology.CameraCount, Environment.GetEnvironmentVariable(Gen0Budget.Variable), System.Runtime.GCSettings.IsServerGC) is { } advice) progress.Info(advice);
        // Planned before anything starts: a feed naming a camera this topology lacks stops the run here (ScenarioException).
        var plans = hooks?.Plan?.Invoke(topology) ?? LoadPlanner.Plan(scenario, topology);

        using var log = new FileLoggerProvider(Path.Combine(outputDirectory, "run.log"));
        // Before the tree: the worker processes inherit the generator's group (NodeIsolation).
        using var isolation = _cluster.Cpus is { } cpus ? NodeIsolation.Start(cpus) : null;
        if (isolation is not null) progress.Info($"CPU isolation: {isolation.Describe()}");
        // The tree, then its worker nodes, stop however the run ends.
        await using var session = await TreeSession.StartAsync(new SessionOptions(scenario, topology, plans, _cluster, outputDirectory, log, province), progress, ct);
        // Capped after the start, which compiles and recovers and is not measured (as size's); lifted when the run ends.
        using var caps = isolation?.Cap(session);
        var node = session.Node;
        var events = new List<string>(session.Events);
        if (caps is not null)
        {
            // The console said how the cores are split when isolation started; the report's event says it again, whole.
            var capped = $"CPU-isolated nodes: {caps.Describe()} from the end of the tree's start to the end of the run";
            progress.Info(capped);
            events.Add($"{capped}; {isolation!.Describe()}");
        }
        var faults = node is null && session.Province is null ? null : new FaultInjector(session);
        long windowStartedAt = 0;
        JournalReadWatch? journalReads = null;
        // The tree's SIP front door (monitoring.sip): GB/T 28181 devices reach the model's platforms over real SIP.
        await using var sipDoor = node is null || scenario.Monitoring.Sip is not { } sip ? null
            : Sip.Platform.SipFrontDoor.Start(sip.Listen, sip.Domain, Environment.GetEnvironmentVariable(sip.PasswordEnv) ?? "",
                topology.CameraCount, node.CreateTree, progress.Info);

        // The supervision year runs beside the streams, on the same cluster, until it is done.
        var year = node is not null && scenario.Supervision is { } supervisionSpec
            ? SupervisionYearRun.RunAsync(node, scenario, supervisionSpec, topology, progress, ct)
            : null;
        var thresholds = new ThresholdTracker(scenario.Thresholds);
        // Acknowledged alarms are audited against the journal as the load goes on (a province's at its province platform,
        // after the load).
        var acknowledged = new Load.Results.AcknowledgedOperations();
        await using var alarmAudit = node is null || session.Province is not null ? null : await AlarmAuditor.StartAsync(node, topology, acknowledged.Alarms,
            scenario.LongestOperationTimeout);
        WindowResult window;
        try
        {
            window = await MeasuredWindow.RunAsync(session, new WindowRequest(session.Scenario, plans)
            {
                Recorder = hooks?.Recorder,
                LatencyListener = hooks?.Latency,
                OnInterval = progress.Interval,
                OnStart = w =>
                {
                    windowStartedAt = Stopwatch.GetTimestamp();
                    if (node is not null) journalReads = JournalReadWatch.Start(node, topology, JournalReadWatch.IntervalFor(scenario.Duration));
                    progress.WindowStarted(w);
                },
                OnEvent = progress.Event,
                OnNodes = progress.WatchesNodes ? progress.Nodes : null,
                ShouldAbort = thresholds.Any ? (soFar, measuredSeconds) =>
                {
                    var abort = thresholds.Check(new RunMetrics(soFar, measuredSeconds), soFar.Timeline[^1].TS);
                    progress.Thresholds(thresholds.Current());
                    return abort;
                } : null,
                Faults = faults,
                Acknowledged = acknowledged,
            }, ct);
        }
        catch
        {
            if (journalReads is not null) await journalReads.DisposeAsync();
            throw;
        }
        var outcome = window.Outcome;
        if (caps is not null) events.AddRange(caps.Audit(session));
        var journalReadTimes = journalReads is null ? null : await journalReads.StopAsync();

        if (sipDoor is not null) events.Add(sipDoor.Summary());
        var supervision = year is null ? null : await year;
        if (supervision is not null) events.AddRange(supervision.Problems.Select(p => $"supervision: {p}"));
        if (faults is not null) events.AddRange(await faults.AftermathAsync());
        var end = await EndOf(outcome, node?.Options.Store, ct);
        if (end.Reason is { } why) events.Add(why);
        var faultRecords = faults is null ? [] : await faults.RecordsAsync();
        var audit = alarmAudit is null ? null
            : end.Kind == RunEnding.Failed ? await alarmAudit.AbandonAsync("the run's store takes no writes", events)
            : await alarmAudit.FinishAsync(events);
        // A store that takes no writes cannot be read for the audit either: the run's failure already says why.
        var supervisionAudit = node is null || end.Kind == RunEnding.Failed ? null
            : await SupervisionAuditor.AuditAsync(node, window.Engine.AcknowledgedSupervision.ToArray(), events);
        var latency = outcome.Latency;
        if (session.Province is { } cascade)
        {
            // A province's alarms are audited where they end: at the province platform, once every city has passed its
            // held alarms up.
            await ProvinceReport.DrainAsync(cascade, events);
            audit = await ProvinceReport.AuditAsync(cascade, acknowledged.Alarms.ToArray(), events);
            var measuredFrom = windowStartedAt + (long)(scenario.WarmUp.TotalSeconds * Stopwatch.Frequency);
            latency = new Dictionary<string, LatencyStats>(outcome.Latency)
            {
                [ProvinceReport.HopKey] = await ProvinceReport.HopAsync(cascade, measuredFrom, scenario.Percentiles, events),
            };
            events.AddRange(await ProvinceReport.CitiesAsync(cascade));
        }
        if (node is not null && scenario.Monitoring.DetectionsFileClues)
        {
            var city = await node.CityStatusAsync();
            events.Add($"the city filed {city.DetectionCluesFiled:N0} detections of inaction (early leave, desk unattended) as clues for the supervision workflows");
        }
        var nodes = session.IsMultiNode ? session.Usages(await session.ReportsAsync()) : [];
        if (session.Workers is { } workers)
            foreach (var (number, code) in workers.Exited)
                events.Add($"node {number} exited on its own during the run (exit code {code}); its log is node-{number}.log");

        var atDone = ResourceSnapshot.Take();
        PhaseUsage? calibration = null;
        if (supervision is not null && scenario.Supervision is { } spec)
        {
            supervision = SupervisionYearRun.Calibrate(supervision, scenario, spec, topology);
            calibration = await atDone.UntilAsync(ResourceSnapshot.Take());
        }
        var measured = await window.Resources.MeasuredAsync();
        var resources = new ResourceUsage(Math.Round(measured.CpuS, 2), Math.Round(ResourceSnapshot.Take().PeakWorkingSetMb, 1),
            measured.Gen0, measured.Gen1, measured.Gen2, Math.Round(measured.AllocatedMb, 1))
        {
            Phases = new ResourcePhases(await atJobStart.UntilAsync(window.Resources.AtStart), await window.Resources.WarmUpAsync(), measured,
                await window.Resources.AtEnd.UntilAsync(atDone), calibration),
        };

        var info = new RunInfo(scenario.Name, scenario.SourceFile, scenario.Seed, startedAt, DurationS(outcome, ct),
            scenario.WarmUp.TotalSeconds, scenario.LoadFactor, scenario.Compression, node is not null ? _cluster.AllNodes : 1, scenario.Store.Display,
            BuildInfo.Current, RunFacts.Machine(), RunFacts.Os(), Environment.ProcessorCount)
        {
            End = end,
            CpuIsolation = isolation is null ? null : isolation.Facts with { NodeCpus = isolation.NodeCpus },
        };
        var topologySummary = new TopologySummary(topology.Platforms.Count, topology.Points.Count, topology.CameraCount,
            topology.CoHandling.Count(u => u.IsCentre), topology.CoHandling.Count(u => !u.IsCentre), topology.Divisions.Count,
            TopologyBuilder.Fingerprint(topology), Math.Round(buildMs, 2), Math.Round(session.StartTime.TotalMilliseconds, 1));

        var result = new RunResult(info, topologySummary, outcome.Workload, outcome.Operations, outcome.ThroughputOps,
            latency, outcome.ServiceTime, outcome.GeneratorLag, outcome.PerOperation, outcome.Failures, [],
            resources, outcome.Timeline, outcome.FinalTree, [.. events, .. outcome.Events], outcome.Bytes, nodes, audit, supervision)
        {
            Faults = faultRecords,
            SupervisionAudit = supervisionAudit,
            JournalReads = journalReadTimes,
        };
        if (hooks?.Complete is { } complete) result = complete(result);
        result = result with { Thresholds = thresholds.Finish(new RunMetrics(result), outcome.AbortedBy) };
        ReportWriter.WriteAll(result, outputDirectory);
        return result;
    }

    /// <summary>
    /// Whether the run ran its course: stopped from outside (Ctrl-C, SIGTERM), or failed in itself because its store takes
    /// no writes once the load is over (a store outage a scenario injects is over by then: its end was awaited). A
    /// threshold's <c>abort</c> is a threshold's verdict, not this.
    /// </summary>
    private static async Task<RunEnd> EndOf(LoadOutcome outcome, Cluster.Persistence.StoreSettings? store, CancellationToken ct)
    {
        var at = outcome.Timeline.Count > 0 ? $" at t={outcome.Timeline[^1].TS:0.#} s" : " before the load started";
        if (ct.IsCancellationRequested)
            return new RunEnd(RunEnding.Stopped, $"run stopped by a signal (Ctrl-C or SIGTERM){at}: the figures cover only what ran");
        if (store is not null && await Cluster.Persistence.StoreProbe.ProblemAsync(store, Cluster.Persistence.StoreProbe.DefaultTimeout) is { } problem)
            return new RunEnd(RunEnding.Failed, $"run failed: {problem}");
        return RunEnd.Completed;
    }

    /// <summary>How long the run ran: a run that ended early (aborted, cancelled, or its counted load done) reports the
    /// time it ran, so that rates are right.</summary>
    private double DurationS(LoadOutcome outcome, CancellationToken ct)
    {
        var scheduledS = scenario.Duration.TotalSeconds - scenario.WarmUp.TotalSeconds;
        if (outcome.MeasuredS > 0 && outcome.MeasuredS < scheduledS - 0.001) return Math.Round(scenario.WarmUp.TotalSeconds + outcome.MeasuredS, 3);
        // Stopped inside its warm-up: as long as it ran.
        if (ct.IsCancellationRequested || outcome.AbortedBy is not null)
            return Math.Round(Math.Min(scenario.Duration.TotalSeconds, outcome.Timeline.Count > 0 ? outcome.Timeline[^1].TS : 0), 3);
        return scenario.Duration.TotalSeconds;
    }
}
