using System.Globalization;
using MathNet.Numerics.Statistics;
using MonitorSim.Harness.Measurement;
using MonitorSim.Harness.Session;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Results;
using MonitorSim.Load.Scenarios;
using MonitorSim.Load.Thresholds;
using MonitorSim.Sizing.Planning;

namespace MonitorSim.Harness.Capacity;

/// <summary>
/// One trial of a sizing search on a started session: the scenario at one load factor for a warm-up and a steady window
/// (<see cref="MeasuredWindow"/>, so the engine and the resources read the same window), turned into a
/// <see cref="StepMeasurement"/> with the SLO verdicts. Streams on self-test targets are measured like the tree's, so the
/// search can be checked against a queue whose capacity theory knows.
/// </summary>
internal static class TrialMeasurement
{
    /// <summary>The scenario as one trial runs it: this load factor, the trial's warm-up and steady window, starting at the
    /// session's current sim time (office hours are judged on the clock the tree keeps), no faults, no supervision year.</summary>
    public static ScenarioDefinition Scenario(ScenarioDefinition scenario, SizeSettings settings, double factor, DateTime simStart) => scenario with
    {
        LoadFactor = factor,
        WarmUp = settings.WarmUp,
        Duration = settings.WarmUp + settings.Steady,
        SimStart = simStart,
        Faults = [],
        Supervision = null,
        Thresholds = settings.Slo,
    };

    /// <summary>The trial's window; <paramref name="progress"/> (the console, the live dashboard) sees its intervals,
    /// events and nodes as a run's.</summary>
    public static WindowRequest Window(ScenarioDefinition trial, TreeSession session, JournalCounter? journal = null, IRunProgress? progress = null,
        TimeSpan? generatorTick = null) =>
        new(trial, LoadPlanner.Plan(trial, session.Topology))
        {
            Generator = generatorTick is { } tick ? new GeneratorSettings { Tick = tick } : new GeneratorSettings(),
            Journal = journal,
            WithoutFaults = "faults are not injected in a sizing trial",
            OnInterval = progress is null ? null : progress.Interval,
            OnStart = progress is null ? null : progress.WindowStarted,
            OnEvent = progress is null ? null : progress.Event,
            OnNodes = progress is { WatchesNodes: true } ? progress.Nodes : null,
        };

    /// <summary>Whether an operation counts in the trial's figures: the scenario's own streams (not the boot and
    /// re-registration of cameras that every window starts with).</summary>
    public static bool Counts(StreamPlan p) => p.Name is not LoadPlanner.BootStream and not LoadPlanner.ReregisterStream;

    /// <summary>Runs trial <paramref name="number"/> at load factor <paramref name="factor"/>; with
    /// <paramref name="generatorTick"/>, its generators issue the load in bursts of that length (a demand probe).</summary>
    public static async Task<StepMeasurement> RunAsync(int number, double factor, ScenarioDefinition scenario, SizeSettings settings,
        TreeSession session, JournalCounter? journal, IRunProgress? progress, CancellationToken ct, TimeSpan? generatorTick = null,
        TreeQuietWait? quiet = null)
    {
        // First the tree finishes what the trials before it left, with no load offered, so that this trial measures its
        // own load and not the search's order (TrialQuiet).
        var before = quiet is null ? null : await quiet.RunAsync(ct);
        if (before is { Quiet: false }) progress?.Info(string.Create(CultureInfo.InvariantCulture,
            $"  the tree was still busy after {before.WaitedSeconds:0.#} s without load (busiest node {before.BusiestCores:0.00} cores); the trial starts anyway"));
        var trial = Scenario(scenario, settings, factor, session.Clock.Now);
        // Every trial from a compacted heap on every node, whatever the trials before it left, so that a trial does not
        // depend on the order the search took (docs/sizing.md, "Every trial from a compacted heap", which also says what
        // it has not shown). Outside the measured window.
        await session.CollectHeapsAsync();
        var (engine, outcome, resources) = await MeasuredWindow.RunAsync(session, Window(trial, session, journal, progress, generatorTick), ct);
        // The steady window's resources, read at the warm-up's end and at the end, so the settling of operations in
        // flight after the end is left out; on several nodes every node's CPU between the same instants.
        var steady = await resources.MeasuredAsync();

        var measured = Math.Max(outcome.MeasuredS, 1e-9);
        var names = engine.Plans.Where(Counts).Select(p => p.OperationName).ToHashSet(StringComparer.Ordinal);
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
            // The tracker answers in the objectives' order.
            .Select((t, i) => new SloVerdict(t.Expr, t.Value, t.Passed,
                settings.Slo[i].Expression is { IsLatencyCeiling: true } latency ? latency.Limit : null)).ToList();
        var perNode = steady.CpuSByNode?.Select(n => new NodeCpu(n.Key, n.Value)).ToList();
        return new StepMeasurement(number, factor, Math.Max(1e-9, steady.Seconds),
            outcome.Operations.Offered / measured, outcome.Operations.Completed / measured, outcome.Operations.Failed, outcome.Operations.Dropped,
            operations,
            perNode?.Sum(n => n.CpuSeconds) ?? steady.CpuS, engine.GeneratorCpuSeconds,
            steady.Gen0, steady.Gen1, steady.Gen2, steady.AllocatedMb, resources.AtDrained.WorkingSetMb,
            steady.JournalRows, outcome.GeneratorLag.P99, slo, session.Node?.Members.Count ?? 1, perNode,
            // This process's pauses only: on several nodes the others' are not reported, and a part would read as the whole.
            perNode is null ? steady.GcPauseMs / 1000 : null, BurstsOf(engine.MeasuredBursts()))
        {
            QuietBefore = before,
            JournalWriter = steady.JournalWriterByNode?.OrderBy(w => w.Key)
                .Select(w => new NodeJournalWriter(w.Key, w.Value.HoldS, w.Value.LockWaitS, Math.Max(1e-9, steady.Seconds))).ToList(),
        };
    }

    /// <summary>The medians of the steady window's bursts that have a rate (two answers or more; their rate is each burst's
    /// own, then the median); null without any.</summary>
    private static BurstFigures? BurstsOf(IReadOnlyList<BurstDrain> bursts)
    {
        var timed = bursts.Where(b => double.IsFinite(b.OpsPerSecond)).ToList();
        if (timed.Count == 0) return null;
        return new BurstFigures(timed.Count, timed.Select(b => (double)b.Operations).Median(), timed.Select(b => b.DrainSeconds).Median(),
            timed.Select(b => b.OpsPerSecond).Median(), timed.Select(b => b.FirstAnswerSeconds).Median());
    }

    /// <summary>The thresholds a trial broke, each with the value it measured ("queue.p99 &lt; 20ms: 24.3").</summary>
    public static IReadOnlyList<string> Broken(StepMeasurement s) =>
        s.Slo.Where(v => !v.Passed).Select(v => v.Value is { } x ? $"{v.Expr}: {x.ToString("0.###", CultureInfo.InvariantCulture)}" : $"{v.Expr}: no value").ToList();

    public static string Describe(StepMeasurement s)
    {
        var inv = CultureInfo.InvariantCulture;
        var p99 = string.Join(", ", s.Operations.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} p99 {o.Value.P99Ms.ToString("0.0", inv)} ms"));
        var slo = s.Slo.Count == 0 ? "" : s.SloHeld ? "; SLO held" : "; SLO broke: " + string.Join(", ", Broken(s));
        return string.Create(inv, $"  offered {s.OfferedPerSecond:N0}/s, completed {s.CompletedPerSecond:N0}/s; {p99}; cpu {s.BusyCores:0.00} cores") +
               (s.GeneratorCpuSeconds is { } g ? string.Create(inv, $" (generator {g / s.SteadySeconds:0.00})") : "") +
               string.Create(inv, $"; generator lag p99 {s.GeneratorLagP99Ms:0.0} ms") +
               (s.JournalWritesPerSecond is { } j ? string.Create(inv, $"; journal {j:N0} rows/s") : "") +
               (s.BusiestJournalWriter is { } w ? string.Create(inv, $"; journal writer busy {w.BusyShare:0.00}, waiting for the lock {w.LockWaitShare:0.00}") +
                   (s.JournalWriter!.Count > 1 ? $" (node {w.Node}, the busiest)" : "") : "") +
               (s.QuietBefore is { } q ? string.Create(inv, $"; quiet before it after {q.WaitedSeconds:0.0} s") : "") + slo;
    }
}
