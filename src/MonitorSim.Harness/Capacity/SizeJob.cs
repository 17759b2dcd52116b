using System.Diagnostics;
using System.Globalization;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;
using MonitorSim.Harness.Logging;
using MonitorSim.Harness.Measurement;
using MonitorSim.Harness.Nodes;
using MonitorSim.Harness.Runs;
using MonitorSim.Harness.Session;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;
using MonitorSim.Load.Thresholds;
using MonitorSim.Reports.Sizing;
using MonitorSim.Sizing.Planning;

namespace MonitorSim.Harness.Capacity;

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
            Environment.ProcessorCount, scenario.LoadFactor, first.BytesPerRow, officeHours, NetworkLinks.Of(operations.Select(p => (p.OperationName, (IReadOnlyList<OperationKind>)(p.Then is { } then ? [p.Kind, then] : [p.Kind]))), topology), primary);
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

    /// <summary>Starts a session of <paramref name="nodes"/> nodes and steps the load on it until the series ends.</summary>
    private async Task<SeriesRun> RunSeriesAsync(int nodes, CityTopology topology, IReadOnlyList<StreamPlan> plans, FileLoggerProvider log,
        List<string> notes, CancellationToken ct)
    {
        var sized = settings.NodeCounts.Count == 1 ? scenario : scenario with { Store = scenario.Store.ForClusterSize(nodes) };
        var on = nodes == 1 ? "a one-node cluster" : $"{nodes} nodes (this process and {nodes - 1} local node processes)";
        progress.Info($"topology: {topology.Platforms.Count} platforms, {topology.Points.Count:N0} points, {topology.CameraCount:N0} cameras; starting the tree on {on} …");
        await using var session = await TreeSession.StartAsync(new SessionOptions(sized, topology, plans, new ClusterSettings(nodes), outputDirectory, log), progress, ct);
        if (session.Scenario.SimStart != sized.SimStart)
            notes.Add($"the store already held this city's history: the steps on {nodes} node(s) ran on sim day +{(session.Scenario.SimStart - sized.SimStart).TotalDays:0}");

        var journal = sized.Store.SqlitePath is { } path ? new JournalCounter(path) : null;
        var journalAtStart = journal?.Read();
        if (journal is null && nodes == settings.NodeCounts[0]) notes.Add($"journal writes are counted only on a SQLite store; this run's store is {sized.Store.Display}");

        if (settings.Settle > TimeSpan.Zero && !ct.IsCancellationRequested)
        {
            // A fresh cluster's first minute is not its steady state: the JIT recompiles the hot code (measured: a new
            // worker node's tiered-compilation thread at 75 % of a core 30 s after start) and caches fill. Left in the
            // first steps it would read as fixed overhead of the cluster size.
            var first = settings.Series.FactorOf(1);
            progress.Info($"settling: load factor {first.ToString("0.###", CultureInfo.InvariantCulture)} for {Durations.Format(settings.Settle)}, not measured …");
            var settle = Step(first, session.Clock.Now) with { WarmUp = settings.Settle, Duration = settings.Settle };
            await MeasuredWindow.RunAsync(session, Window(settle, session), ct);
        }

        var steps = new List<StepMeasurement>();
        string stop;
        (_passedBelow, _failedAbove) = (null, null);
        var configuration = nodes == 1 ? "1 node" : $"{nodes} nodes";
        for (var number = 1; ; number++)
        {
            var factor = settings.Series.FactorOf(number);
            progress.Info($"{(settings.NodeCounts.Count > 1 ? $"{nodes} node(s), " : "")}step {number}: load factor {factor.ToString("0.###", CultureInfo.InvariantCulture)}, warm-up {Durations.Format(settings.WarmUp)} + steady {Durations.Format(settings.Steady)} …");
            _trials++;
            progress.Trial(new TrialProgress(_trials, configuration, factor, OfferedPerSecond(plans, factor), null, [], _passedBelow, _failedAbove));
            var step = await MeasureAsync(number, factor, session, journal, ct);
            steps.Add(step);
            if (step.SloHeld) _passedBelow = Math.Max(_passedBelow ?? 0, factor);
            else _failedAbove = Math.Min(_failedAbove ?? double.PositiveInfinity, factor);
            progress.Trial(new TrialProgress(_trials, configuration, factor, step.OfferedPerSecond, step.SloHeld,
                step.Slo.Where(v => !v.Passed).Select(v => v.Expr).ToList(), _passedBelow, _failedAbove));
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
        return new SeriesRun(new NodeSeries(nodes, steps, stop), sized.Store.Display, Math.Round(session.Node!.StartTime.TotalMilliseconds, 1), bytesPerRow);
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

    private WindowRequest Window(ScenarioDefinition step, TreeSession session, JournalCounter? journal = null) =>
        new(step, LoadPlanner.Plan(step, session.Topology))
        {
            Journal = journal,
            WithoutFaults = "faults are not injected in a sizing step",
            OnInterval = progress.Interval,
            OnStart = progress.WindowStarted,
            OnEvent = progress.Event,
            OnNodes = progress.WatchesNodes ? progress.Nodes : null,
        };

    // The search so far: trials numbered across cluster sizes; the bracket is the current size's.
    private int _trials;
    private double? _passedBelow, _failedAbove;

    /// <summary>Operations per second a step at <paramref name="factor"/> offers: the planned mean rates scale with the
    /// load factor (<paramref name="plans"/> are planned at the scenario's own factor).</summary>
    private double OfferedPerSecond(IReadOnlyList<StreamPlan> plans, double factor) =>
        plans.Sum(p => p.MeanRate) * factor / scenario.LoadFactor;

    private async Task<StepMeasurement> MeasureAsync(int number, double factor, TreeSession session, JournalCounter? journal, CancellationToken ct)
    {
        var step = Step(factor, session.Clock.Now);
        var (engine, outcome, resources) = await MeasuredWindow.RunAsync(session, Window(step, session, journal), ct);
        // The steady window's resources, read at the last warm-up row and at the last row, so the settling of operations in
        // flight after the end is left out; on several nodes every node's CPU between the same rows.
        var steady = await resources.MeasuredAsync();

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
        var perNode = steady.CpuSByNode?.Select(n => new NodeCpu(n.Key, n.Value)).ToList();
        return new StepMeasurement(number, factor, Math.Max(1e-9, steady.Seconds),
            outcome.Operations.Offered / measured, outcome.Operations.Completed / measured, outcome.Operations.Failed, outcome.Operations.Dropped,
            operations,
            perNode?.Sum(n => n.CpuSeconds) ?? steady.CpuS, engine.GeneratorCpuSeconds,
            steady.Gen0, steady.Gen1, steady.Gen2, steady.AllocatedMb, resources.AtDrained.WorkingSetMb,
            steady.JournalRows, outcome.GeneratorLag.P99, slo, session.Node!.Members.Count, perNode);
    }

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
