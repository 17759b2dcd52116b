using System.Diagnostics;
using System.Globalization;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;
using MonitorSim.Harness.Isolation;
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
using MonitorSim.Sizing.Design;
using MonitorSim.Sizing.Planning;
using MonitorSim.Sizing.Search;
using MonitorSim.Sizing.Prediction;

namespace MonitorSim.Harness.Capacity;

/// <summary>
/// One sizing run: for each cluster size asked for, start the tree once and search for its capacity, the highest load
/// factor at which every SLO threshold holds (<see cref="CapacitySearch"/>: bracket by doubling, bisect to the resolution,
/// repeat the boundary), each trial a warm-up and a steady window measured by <see cref="TrialMeasurement"/>; then fit the
/// models on the trials, compare the cluster sizes, and write the plan.
/// <para>
/// Every trial of a search runs on the same started tree. Starting the 17,932-camera tree takes ~4 s and its code is
/// compiled (tiered JIT) during the first trials; a fresh tree per trial would pay that, and the warm-up to absorb it, a
/// dozen times. Each trial's engine still boots every camera in its warm-up (re-registration: the storm is in the warm-up
/// and excluded), so sessions are fresh at every trial. What carries over: the journal grows across trials (recoveries are
/// not repeated, but SQLite's B-trees are deeper at later trials), and the platforms keep the alarms of the last
/// <see cref="TrialAlarmClearAfter"/> (<see cref="ClearingAlarmsWithinTrials"/>). Scenario faults and the supervision year
/// are not run: they would disturb the trials.
/// </para>
/// <para>
/// Each cluster size gets a fresh cluster (this process and N − 1 local node processes, as <c>run --nodes N</c> starts
/// them) and, on SQLite, a store file of its own, so no size inherits another's journal. In a multi-node trial every node
/// generates the load of the platforms it hosts, and CPU is read from every node's process.
/// </para>
/// </summary>
public sealed partial class SizeJob(ScenarioDefinition scenario, SizeSettings settings, string outputDirectory, IRunProgress progress)
{
    /// <summary>The store file of a sizing run unless --store names another: its own, so journal rows and bytes per row
    /// count this run alone.</summary>
    public const string StoreFileName = "size.db";

    /// <summary>
    /// How long an alarm stays active in a sizing trial (wall time): the scenario's clear time (10 min on the baseline) when
    /// shorter. A platform clears an alarm, and journals the clearance, at that time; with 10 min every
    /// trial paid the clearances of the alarms raised 10 min before it, in whichever trial had run then — the search's
    /// overloaded brackets, for the held-out trials that run last — and held the active alarms of the last 10 min at every
    /// load it had run. Measured (2026-12-05, the baseline at load factor 1,200 for 11 min, 2 cores, one window): the active
    /// alarms grew to 1.8 M by minute 10, the median 1-s alarm p99 rose from 18–21 ms (minutes 1–4) to 30–34 ms (minutes
    /// 7–9), and intervals with a p99 over 1 s appeared from minute 7 on, at the same load and CPU. 5 s, so that in a trial
    /// an alarm's clearance falls in the trial that raised it (warm-up 6 s and window 12 s by default),
    /// and a trial's state is its own load's, not the search's order.
    /// </summary>
    public static readonly TimeSpan TrialAlarmClearAfter = TimeSpan.FromSeconds(5);

    /// <summary>The scenario as the trials run it: alarms clear <see cref="TrialAlarmClearAfter"/> (wall time, so sim time ×
    /// the clock's compression) after they are raised, unless the scenario clears them sooner; null when it does.</summary>
    public static ScenarioDefinition? ClearingAlarmsWithinTrials(ScenarioDefinition scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var clearAfter = TrialAlarmClearAfter * scenario.Compression;
        return scenario.Monitoring.AlarmClearAfter <= clearAfter ? null : scenario with { Monitoring = scenario.Monitoring with { AlarmClearAfter = clearAfter } };
    }

    public async Task<SizingRun> ExecuteAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(outputDirectory);
        var wall = Stopwatch.StartNew();
        var startedAt = DateTimeOffset.Now;
        var topology = TopologyBuilder.Build(scenario.Topology, scenario.Seed);
        // Planned once before anything starts, so a feed naming cameras the topology lacks is refused up front.
        var plans = LoadPlanner.Plan(Trial(scenario.LoadFactor, scenario.SimStart), topology);
        var notes = new List<string>();
        if (scenario.Faults.Count > 0) notes.Add($"the scenario's {scenario.Faults.Count} fault(s) were not injected: a sizing step measures the system whole");
        var generatorChecks = scenario.Thresholds.Where(t => t.Expression.Key.StartsWith("generator_lag", StringComparison.Ordinal) && !settings.Slo.Contains(t)).ToList();
        if (generatorChecks.Count > 0)
            notes.Add($"the scenario's check(s) on the load generator ({string.Join(", ", generatorChecks.Select(t => t.Text))}) were not part of the SLO searched " +
                      "against: they judge whether the generator kept time, not the system; every trial's generator lag is in the trail instead");
        if (scenario.Supervision is not null) notes.Add("the scenario's supervision year was not run: sizing steps drive its streams only");
        if (ClearingAlarmsWithinTrials(scenario) is { } clearing)
        {
            notes.Add($"alarms cleared {Show(TrialAlarmClearAfter.TotalSeconds)} s after they were raised in every trial (the scenario: " +
                      $"{Show(scenario.Monitoring.AlarmClearAfter.TotalMinutes)} min of sim time), so that each alarm's clearance, a journal write, " +
                      "falls in the trial that raised it and a trial holds the active alarms of its own load, not those of the trials before it");
            scenario = clearing;
        }

        using var log = new FileLoggerProvider(Path.Combine(outputDirectory, "size.log"));
        using var isolation = StartIsolation();
        if (isolation is not null)
        {
            progress.Info($"CPU isolation: {isolation.Describe()}");
            notes.Add($"CPU-isolated nodes: {isolation.Describe()}; predictions count " +
                      (isolation.GeneratorApart ? "the tree's CPU (the generator's apart)" : "each node process's whole CPU (its generator inside its quota)") +
                      $" against N × {isolation.NodeCpus:0.###} cores");
        }
        var series = new List<SeriesRun>();
        var repeated = new List<SearchedNodeCapacity>();
        (int Nodes, double Load)? passedBefore = null, lightBefore = null;
        (int Nodes, double OpsPerSecond)? drainBefore = null;
        foreach (var nodes in settings.NodeCounts)
        {
            var search = NodeCountSearch(settings.Search, nodes, passedBefore, lightBefore);
            var searches = new List<SeriesRun>();
            for (var k = 1; k <= settings.Searches && (k == 1 || !ct.IsCancellationRequested); k++)
            {
                var sized = settings.NodeCounts.Count == 1 && k == 1 ? scenario : scenario with { Store = scenario.Store.ForClusterSize(nodes, k) };
                var name = nodes == 1 ? "1 node" : $"{nodes} nodes";
                var spec = new SeriesSpec(nodes, null, search, sized, settings.Searches == 1 ? name : $"{name}, search {k} of {settings.Searches}", Predict: true)
                    { DrainBefore = drainBefore };
                searches.Add(await RunSeriesAsync(spec, topology, plans, log, notes, isolation, ct));
            }
            var run = MedianSearch(nodes, searches, repeated);
            series.Add(run);
            if (ct.IsCancellationRequested) break;
            if (run.Series.Search?.PassedLoad is { } passed) passedBefore = (nodes, passed);
            if (HeaviestFitted(run) is { } light) lightBefore = (nodes, light);
            if (run.Predictions?.Drain?.OpsPerSecond is { } mu) drainBefore = (nodes, mu);
        }
        if (repeated.Count > 0)
            notes.Add($"every node count was searched {settings.Searches} times on a cluster started afresh each time; each stands for its median search " +
                      "(the capacity, the trail, the predictions, the models and the plan are that search's), the others give the spread");
        if (series.Count > 1 && series.Skip(1).Any(s => s.Series.Steps.Count > 0 && s.Series.Steps[0].LoadFactor > settings.Search.StartLoad))
            notes.Add($"each cluster size's search after the first started at a quarter of the previous size's capacity scaled by the node counts " +
                      "(a linear guess, quartered) or at half an earlier size's heaviest light load scaled so, whichever is lower, so that its first trials " +
                      $"stay light enough for the predictions; not at load factor {Show(settings.Search.StartLoad)}");
        // After the cluster sizes, whose worker processes must not inherit the generator's group unless they are capped.
        var vertical = await RunVerticalAsync(topology, plans, log, notes, isolation, ct);
        // Stopped by a signal: a cluster size that finished no trial has nothing to model; with none at all there is no plan
        // to write, and the command says the size run was stopped before there was anything to report.
        if (ct.IsCancellationRequested) series.RemoveAll(s => s.Series.Steps.Count == 0);
        if (series.Count == 0) throw new OperationCanceledException("size stopped by a signal before any trial ran to its end", ct);
        var first = series[0];

        var operations = plans.Where(p => p.Target is null && p.Name is not LoadPlanner.BootStream and not LoadPlanner.ReregisterStream)
            .GroupBy(p => p.OperationName).Select(g => g.First()).ToList();
        var unpeaked = operations.Where(p => p.Then is null && p.Kind is OperationKind.Keepalive or OperationKind.Registration)
            .Select(p => p.OperationName).ToHashSet(StringComparer.Ordinal);
        var officeHours = (scenario.OfficeHours.End - scenario.OfficeHours.Start).TotalHours;
        var planSettings = new PlanSettings(settings.Growth, settings.PeakFactor, unpeaked, settings.TargetUtilisation, settings.CoresPerNode,
            scenario.LoadFactor, first.BytesPerRow, officeHours, NetworkLinks.Of(operations.Select(p => (p.OperationName, (IReadOnlyList<OperationKind>)(p.Then is { } then ? [p.Kind, then] : [p.Kind]))), topology),
            Storm(topology, operations, notes), settings.DesignLoad.Log);
        var analysis = SizingAnalysis.Analyse(first.Series.ByLoad, planSettings);
        var axis = series.Count > 1
            ? NodeScaling.Analyse(series.Select(s => s.Series).ToList(), analysis.Plan.TotalOpsPerSecond, settings.CoresPerNode, settings.TargetUtilisation,
                Environment.ProcessorCount)
            : null;
        notes.Add($"the peak factor ({settings.PeakFactor.ToString("0.##", CultureInfo.InvariantCulture)}) applies to event-driven operations; " +
                  $"device timers ({string.Join(", ", unpeaked.Order(StringComparer.Ordinal))}) tick at the same rate at every hour");
        notes.Add($"journal storage per day counts the scenario's office hours ({officeHours:0.#} h) at production load without the peak " +
                  "factor: the journalled events (alarms, status changes, workflow steps) follow office hours");
        if (series.Count > 1)
            notes.Add($"the {series.Count} cluster sizes ran as local node processes on this machine's {Environment.ProcessorCount} cores: the node axis compares " +
                      "each size's CPU against its load, not throughput on separate hosts; in a multi-node step GC, allocation and working set are the coordinator's");
        if (scenario.Store.SqlitePath is not null && settings.NodeCounts.Any(n => n > 1))
            notes.Add("on several nodes every node process wrote its cluster size's one SQLite file and waited for the file's write lock while another node held it: " +
                      "the multi-node figures include that wait, which a cluster on a database server does not have in that form (--store memory leaves it out)");

        var nodeCapacity = isolation is not null
            ? NodeCapacityAxis.Analyse(series.Where(s => s.Series.Search?.PassedLoad is not null).Select(s =>
                repeated.FirstOrDefault(r => r.Nodes == s.Series.Nodes) ?? SearchedOnce(s.Series)).ToList())
            : null;
        return new SizingRun(scenario.Name, scenario.SourceFile, scenario.Seed, first.StoreDisplay, startedAt, Math.Round(wall.Elapsed.TotalSeconds, 1),
            first.TreeStartMs, RunFacts.Commit(), RunFacts.Machine(), RunFacts.DotNet(), Environment.ProcessorCount,
            topology.Platforms.Count, topology.Points.Count, topology.CameraCount, settings.Search, settings.WarmUp.TotalSeconds,
            settings.Steady.TotalSeconds, settings.Slo.Select(s => s.Text).ToList(), first.Series.StopReason, first.BytesPerRow, analysis,
            ScenarioVideo.Plan(topology, scenario.Video), notes, series.Select(s => s.Series).ToList(), axis,
            series.Where(s => s.Predictions is not null).Select(s => s.Predictions!).ToList(), nodeCapacity, isolation?.NodeCpus)
        {
            RepeatedSearches = repeated.Count > 0 ? repeated : null,
            Vertical = vertical,
            CpuIsolation = isolation?.Facts ?? _verticalIsolation,
            End = ct.IsCancellationRequested
                ? new RunEnd(RunEnding.Stopped, $"size stopped by a signal (Ctrl-C or SIGTERM) after {series.Sum(s => s.Series.Steps.Count) + (vertical?.Quotas.Sum(q => q.Series.Steps.Count) ?? 0)} trial(s) that ran to their end: " +
                                                "the capacity, models and plan below cover only those")
                : RunEnd.Completed,
        };
    }

    /// <summary>The re-registration storm the design load considers: every camera of the largest platform (or of the city,
    /// <c>--storm city</c>) registering within the scenario's <c>reregister_jitter</c>; null when the scenario drives no
    /// cameras (self-test targets) or re-registers at once.</summary>
    private StormSpec? Storm(CityTopology topology, IReadOnlyList<StreamPlan> operations, List<string> notes)
    {
        if (!scenario.Streams.Any(s => s.UsesCluster) || topology.CameraCount == 0) return null;
        var jitterS = scenario.Monitoring.ReregisterJitter.TotalSeconds;
        if (!(jitterS > 0))
        {
            notes.Add("no re-registration storm was considered for the design load: the scenario's reregister_jitter is 0 (cameras re-register at once, no rate to size for)");
            return null;
        }
        var registration = operations.FirstOrDefault(p => p.Kind == OperationKind.Registration)?.OperationName ?? OperationNames.Of(OperationKind.Registration);
        if (settings.DesignLoad.StormScope == StormSpec.CityScope) return new StormSpec($"the whole city ({topology.Platforms.Count} platforms)", topology.CameraCount, jitterS, registration);
        var largest = topology.Platforms.MaxBy(p => p.CameraCount)!;
        return new StormSpec($"the largest platform, {largest.Path}", largest.CameraCount, jitterS, registration);
    }

    /// <summary>
    /// The search that stands for its node count: the one whose capacity (completed ops/s at its highest passing load) is
    /// the median (the lower middle for an even count). A search that passed no load counts as carrying nothing. With more
    /// than one search, every search's capacity goes to <paramref name="repeated"/> for the report's spread.
    /// </summary>
    private static SeriesRun MedianSearch(int nodes, List<SeriesRun> searches, List<SearchedNodeCapacity> repeated)
    {
        if (searches.Count == 1) return searches[0];
        var found = searches.Select(s => (Run: s, Search: SearchOf(s.Series))).ToList();
        var capacity = new SearchedNodeCapacity(nodes, found.Select(f => f.Search).ToList());
        repeated.Add(capacity);
        return found.First(f => ReferenceEquals(f.Search, capacity.Median)).Run;
    }

    /// <summary>A node count's one search, as the node axis takes it.</summary>
    private static SearchedNodeCapacity SearchedOnce(NodeSeries s) => new(s.Nodes, [SearchOf(s)]);

    /// <summary>What <paramref name="s"/>'s search found: its interval and the completed ops/s of every passed trial at its
    /// highest passing load (which may also have failed one, fewer than fail a load); a search that passed no load carried nothing (0 ops/s).</summary>
    private static NodeSearch SearchOf(NodeSeries s) => s.Search?.PassedLoad is { } passed
        ? new NodeSearch(passed, s.Search.FailedLoad, s.HeldAtPassedLoad.Select(x => x.CompletedPerSecond).ToList(), s.BusiestShare)
        : new NodeSearch(0, s.Search?.FailedLoad, [0.0], s.BusiestShare);

    /// <summary>The cgroups of <c>--node-cpus</c>, or null when the nodes are not capped. The command checked the host
    /// already; a host that changed since is refused here.</summary>
    private NodeIsolation? StartIsolation() =>
        settings.NodeCpus is { } q ? NodeIsolation.Start(new CpuQuotas(q, settings.GeneratorCpus)) : null;

    /// <summary>One cluster size's series, and the facts of its store and start.</summary>
    private sealed record SeriesRun(NodeSeries Series, string StoreDisplay, double TreeStartMs, double? BytesPerRow, ClusterPredictions? Predictions);

    /// <summary>The search on <paramref name="nodes"/> nodes: from a quarter of the capacity a linear scale-out would give
    /// after the previous cluster size's (<paramref name="passedBefore"/>: its node count and highest passing load), or
    /// from half the heaviest light load of an earlier size scaled the same way (<paramref name="lightBefore"/>: the
    /// heaviest load a prediction was fitted on, below half the CPU) when that is lower, or from the run's first load when
    /// that is higher or there is no previous size. Starting there rather than at load factor 1 saves the doublings up to
    /// it (seven trials when the capacity is near 256), and a retrograde cluster (less capacity with more nodes) still
    /// starts below its capacity. The light bound keeps two doublings below half the CPU for the predictions: under
    /// quotas of 0.4 cores a node's fixed cost takes half of that half, and a quarter of a linear scale-out left neither
    /// 2 nor 3 nodes a single light trial (2026-12-05: their searches started at load factors 224.8 and 322.9, busy 0.73 of
    /// 0.8 and 1.28 of 1.2 cores, where one node had been light up to load factor 8 only, 0.14 of its 0.4 cores).</summary>
    internal static SearchSettings NodeCountSearch(SearchSettings run, int nodes, (int Nodes, double Load)? passedBefore, (int Nodes, double Load)? lightBefore = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (passedBefore is not { } p) return run;
        var guess = p.Load * nodes / p.Nodes / 4;
        if (lightBefore is { } l) guess = Math.Min(guess, l.Load * nodes / l.Nodes / 2);
        var start = Math.Min(run.MaxLoad, Math.Max(run.StartLoad, guess));
        return run with { StartLoad = start, MinLoad = Math.Min(run.MinLoad, start) };
    }

    /// <summary>The heaviest load <paramref name="run"/>'s prediction was fitted on (a light trial), or null without one.</summary>
    private static double? HeaviestFitted(SeriesRun run) =>
        run.Predictions?.Prediction is { } p
            ? run.Series.Steps.Where(s => p.FitTrials.Contains(s.Number)).Select(s => (double?)s.LoadFactor).Max()
            : null;

    /// <summary>What one series runs: its nodes, their quota (null: <c>--node-cpus</c>'s, or none), its search, its
    /// scenario (with the series' own store), how progress names it, and whether the light trials' predictions are made and
    /// checked after it.</summary>
    private sealed record SeriesSpec(int Nodes, double? QuotaCores, SearchSettings Search, ScenarioDefinition Scenario, string Configuration, bool Predict)
    {
        /// <summary>An earlier node count's drain rate μ (ops/s), its first drain probe's aim scaled (<see cref="FirstDrainAim"/>).</summary>
        public (int Nodes, double OpsPerSecond)? DrainBefore { get; init; }
    }

    /// <summary>Starts a session of <paramref name="spec"/>'s nodes and searches its capacity until the series ends.</summary>
    private async Task<SeriesRun> RunSeriesAsync(SeriesSpec spec, CityTopology topology, IReadOnlyList<StreamPlan> plans, FileLoggerProvider log,
        List<string> notes, NodeIsolation? isolation, CancellationToken ct)
    {
        var (nodes, sized) = (spec.Nodes, spec.Scenario);
        var began = Stopwatch.StartNew();
        var on = nodes == 1 ? "a one-node cluster" : $"{nodes} nodes (this process and {nodes - 1} local node processes)";
        if (spec.QuotaCores is { } quota) on += $" capped at {Show(quota)} cores";
        if (scenario.Streams.Any(s => s.UsesCluster))
            progress.Info($"topology: {topology.Platforms.Count} platforms, {topology.Points.Count:N0} points, {topology.CameraCount:N0} cameras; starting the tree on {on} …");
        await using var session = await TreeSession.StartAsync(new SessionOptions(sized, topology, plans, new ClusterSettings(nodes), outputDirectory, log), progress, ct);
        // Capped after the start (which compiles and recovers, and is not measured), before the settling load.
        using var caps = isolation is null ? null : spec.QuotaCores is { } cores ? isolation.Cap(session, cores) : isolation.Cap(session);
        // Where the nodes are capped a backlog drains at a fraction of a core, so a trial could inherit the one before it; an
        // uncapped node's CPU is read from processes that (in a test run) do other work too, and drains at the machine's cores.
        _quiet = caps is not null && (spec.QuotaCores ?? isolation?.NodeCpus) is { } capped ? new TreeQuietWait(session, capped) : null;
        if (session.Scenario.SimStart != sized.SimStart)
            notes.Add($"the store already held this city's history: the steps on {nodes} node(s) ran on sim day +{(session.Scenario.SimStart - sized.SimStart).TotalDays:0}");

        var journal = session.Node is not null && sized.Store.SqlitePath is { } path ? new JournalCounter(path) : null;
        var journalAtStart = journal?.Read();
        if (journal is null && session.Node is not null && nodes == settings.NodeCounts[0]) notes.Add($"journal writes are counted only on a SQLite store; this run's store is {sized.Store.Display}");

        if (settings.Settle > TimeSpan.Zero && !ct.IsCancellationRequested)
            await SettleAsync(session, spec.Search.StartLoad * SettleShare, nodes, notes, ct);

        var steps = new List<StepMeasurement>();
        var configuration = spec.Configuration;
        var result = await new CapacitySearch(WithinTimeLimit(spec, began.Elapsed, notes)).RunAsync(async (request, token) =>
        {
            progress.Trial(new TrialProgress(request.Number, configuration, request.Load, double.NaN, null, [], request.PassedBelow, request.FailedAbove));
            progress.Info($"{configuration}, trial {request.Number} ({request.Phase.ToString().ToLowerInvariant()}): load factor {Show(request.Load)}, " +
                          $"bracket passed {(request.PassedBelow is { } l ? Show(l) : "none")} / failed {(request.FailedAbove is { } u ? Show(u) : "none")}, " +
                          $"warm-up {Durations.Format(settings.WarmUp)} + steady {Durations.Format(settings.Steady)} …");
            var step = await TrialMeasurement.RunAsync(request.Number, request.Load, scenario, settings, session, journal, progress, token, quiet: _quiet);
            // A trial cut short by a signal measured part of a window: neither the search nor the models count it.
            if (token.IsCancellationRequested) return new TrialVerdict(false, []);
            steps.Add(step);
            progress.Info(TrialMeasurement.Describe(step));
            return new TrialVerdict(step.SloHeld, TrialMeasurement.Broken(step));
        }, ct, trial =>
        {
            var step = steps.Single(s => s.Number == trial.Number);
            progress.Trial(new TrialProgress(trial.Number, configuration, trial.Load, step.OfferedPerSecond, trial.Passed, trial.Broken, trial.PassedBelow, trial.FailedAbove));
        });
        var stop = result.StopReason;
        progress.Info($"search on {configuration} done: {stop}");
        var predictions = spec.Predict
            ? await PredictAsync(nodes, result, steps, session, journal, isolation is not null, isolation is { GeneratorApart: true }, spec.DrainBefore, ct)
            : null;

        if (caps?.GeneratorSweepLine() is { } swept) notes.Add($"{configuration}: {swept}");
        if (WorkingSetTrend.Fit(steps)?.Note(configuration) is { } grew)
        {
            progress.Info(grew);
            notes.Add(grew);
        }

        double? bytesPerRow = null;
        if (journal is not null && journalAtStart is { } before)
        {
            var after = journal.Read();
            if (after.Rows > before.Rows) bytesPerRow = (after.Bytes - before.Bytes) / (double)(after.Rows - before.Rows);
        }
        return new SeriesRun(new NodeSeries(nodes, steps, stop, result) { BusiestShare = session.BusiestCameraShare }, sized.Store.Display, Math.Round(session.Node?.StartTime.TotalMilliseconds ?? 0, 1), bytesPerRow,
            predictions);
    }

    /// <summary>The settling load's share of the first trial's: below it, because a search after the first node count
    /// starts from a guess (a quarter of a linear scale-out) that a cluster scaling worse than that can be above: a 2-node
    /// cluster at 0.4 cores a node settled at load factor 142.6 against a capacity near 134 and was still compiling a
    /// core after six windows (2026-12-04). The code the JIT has to compile is the same at half the load.</summary>
    internal const double SettleShare = 0.5;

    /// <summary>
    /// Drives half the first trial's load (<see cref="SettleShare"/>), unmeasured, on a freshly started cluster in windows of <c>--settle</c> until the nodes
    /// have stopped compiling (<see cref="CompilationSettle"/>): a fresh cluster's first minute is not its steady state —
    /// the JIT recompiles the hot code and caches fill — and left in the first, lightest trials it would read as the
    /// cluster's fixed cost. Each window runs as a trial does (<see cref="SettleWarmUp"/>, then the statistics, whose
    /// figures are discarded): with windows that were warm-up from end to end the first trial on one node at 0.4 cores
    /// ran the statistics' code first and had a keepalive p99 of 56–135 ms in seven runs, against 7.9–46.6 ms in three
    /// since (2026-12-07). Says in the notes how long it settled and what compiling was left.
    /// </summary>
    private async Task SettleAsync(TreeSession session, double load, int nodes, List<string> notes, CancellationToken ct)
    {
        var compiled = await CompilationSecondsAsync(session);
        double? compiling = null;
        var windows = 0;
        do
        {
            windows++;
            progress.Info($"settling: load factor {Show(load)}, window {windows} of at most {CompilationSettle.MaxWindows}, {Durations.Format(settings.Settle)} each, not measured …");
            var settle = Trial(load, session.Clock.Now) with { WarmUp = SettleWarmUp(settings), Duration = settings.Settle };
            await MeasuredWindow.RunAsync(session, TrialMeasurement.Window(settle, session), ct);
            var now = await CompilationSecondsAsync(session);
            compiling = CompilationSettle.CompilingCores(compiled, now, settings.Settle.TotalSeconds);
            compiled = now;
            progress.Info(compiling is { } c
                ? $"settling: the nodes spent {c:0.000} cores compiling in window {windows}"
                : $"settling: not every node said how long it spent compiling in window {windows}");
        } while (!ct.IsCancellationRequested && !CompilationSettle.Done(compiling, nodes, windows));
        notes.Add($"the cluster of {nodes} node(s) settled for {windows} × {Durations.Format(settings.Settle)} at load factor {Show(load)} before its first trial, " +
                  (compiling is { } last
                      ? $"until its nodes spent {last.ToString("0.000", CultureInfo.InvariantCulture)} cores compiling in the last window " +
                        (CompilationSettle.Compiled(last, nodes) ? "(compilation done)" : $"(still compiling after {CompilationSettle.MaxWindows} windows)")
                      : "(the nodes' compilation time was not available: the windows alone)"));
    }

    /// <summary>A settling window's warm-up: a trial's, so that the rest of the window runs the statistics as a trial's
    /// steady window does (its figures discarded); half the window where the trial's warm-up is not shorter.</summary>
    internal static TimeSpan SettleWarmUp(SizeSettings settings) =>
        settings.WarmUp < settings.Settle ? settings.WarmUp : settings.Settle / 2;

    /// <summary>Each reachable node's seconds spent compiling so far, by node number.</summary>
    private static async Task<Dictionary<int, double>> CompilationSecondsAsync(TreeSession session) =>
        (await session.ReportsAsync()).ToDictionary(r => r.Key, r => r.Value.JitS);

    /// <summary>The wait for a quiet tree before every trial of the series running now (series run one after another, each
    /// on its own session).</summary>
    private TreeQuietWait? _quiet;

    private ScenarioDefinition Trial(double factor, DateTime simStart) => TrialMeasurement.Scenario(scenario, settings, factor, simStart);

    private static string Show(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
