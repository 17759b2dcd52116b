using System.Runtime;
using MonitorSim.Domain.Time;
using MonitorSim.Harness.Isolation;
using MonitorSim.Harness.Measurement;
using MonitorSim.Harness.Session;
using MonitorSim.Load.Thresholds;
using MonitorSim.Sizing.Planning;
using MonitorSim.Sizing.Prediction;
using MonitorSim.Sizing.Search;

namespace MonitorSim.Harness.Capacity;

/// <summary>The light-load predictions of a sizing run and their checks: demand probes after the search, the prediction
/// fitted on them and the light trials, and the held-out trials that check it.</summary>
public sealed partial class SizeJob
{
    /// <summary>Loads of the two held-out trials, as shares of the highest load that passed every repeat: between the light
    /// trials the prediction is fitted on and the capacity, where a queueing model is tested hardest.</summary>
    private static readonly double[] HeldOutShares = [0.7, 0.9];

    /// <summary>The generator's tick in a demand probe: what falls due in 20 ms reaches the tree at once and queues in its
    /// mailboxes, as load does at saturation (under a 0.4-core quota a node runs 4 ms of every 10 ms period and work
    /// queues through the rest), so that the probe's CPU leaves out the thread wake-ups that a smooth light load pays per
    /// operation. On the baseline it halved the level but, in the one run that checked it, not the cost per operation
    /// between load factors 8 and 32 (docs/sizing.md, "Demand probes").</summary>
    internal static readonly TimeSpan ProbeTick = TimeSpan.FromMilliseconds(20);

    /// <summary>How many of the heaviest light loads are probed, at most. A probe's CPU differs from the next by a few
    /// hundredths of a core, about a trial's noise: three probes (the first design) let one disturbed trial double the
    /// slope (docs/sizing.md, "Demand probes"); six, the search's light loads from 1 to 32 on the baseline, spread it.</summary>
    private const int Probes = 6;

    /// <summary>A demand probe's shortest warm-up and steady window (it runs half a trial's otherwise).</summary>
    private static readonly TimeSpan MinProbeWarmUp = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan MinProbeSteady = TimeSpan.FromSeconds(4);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>The probed loads span at most this ratio, heaviest to lightest: the fit's lever arm. Below 1/64 of the
    /// heaviest light load a probe's CPU is the fixed cost alone, so the lighter loads add trials, not slope. Doubling
    /// leaves six loads in it (16 to 512 on the baseline); an eightfold bracket (<c>--quick</c>) three (8, 64, 512).</summary>
    private const double ProbeSpan = 64;

    /// <summary>What a trial costs besides its windows (a fresh engine, the cameras' boot, the reports): 1.4 s measured
    /// over the 42 trials of the baseline's default search on 2026-12-05 (1,020.6 s wall, 962 s of windows and settle),
    /// rounded up.</summary>
    private static readonly TimeSpan TrialOverhead = TimeSpan.FromSeconds(2);

    /// <summary>
    /// <paramref name="spec"/>'s search bounded by <c>--time-limit</c>: the limit less what the series has spent
    /// (<paramref name="spent"/>: its start and settle) and what its predictions' trials will take after the search (the
    /// demand probes at most, and the held-out windows), so that the series ends within the limit. Says in the notes what
    /// the search was left.
    /// </summary>
    private SearchSettings WithinTimeLimit(SeriesSpec spec, TimeSpan spent, List<string> notes)
    {
        if (settings.TimeLimit is not { } limit) return spec.Search;
        // The drain probes on every node count; the demand probes run only where the drain probes timed no burst, so they
        // are not kept time for.
        var after = spec.Predict && scenario.Streams.Any(s => s.UsesCluster)
            ? (DrainProbesAtMost(spec.Search.BoundaryRepeats) + Math.Max(1, settings.HeldOutWindows) * HeldOutShares.Length) *
              (settings.WarmUp + settings.Steady + TrialOverhead)
            : TimeSpan.Zero;
        // Never nothing: with the limit spent before the search, it runs its first trial and stops, and says why.
        var left = limit - spent - after;
        var budget = left > TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1);
        notes.Add($"{spec.Configuration}: --time-limit {Durations.Format(limit)} left the search {budget.TotalSeconds:0} s " +
                  $"({spent.TotalSeconds:0} s spent starting and settling, {after.TotalSeconds:0} s kept for the probes and held-out trials after it)");
        return spec.Search with { MaxDuration = budget };
    }

    /// <summary>A demand probe's settings: half a trial each, no shorter than <see cref="MinProbeWarmUp"/> and
    /// <see cref="MinProbeSteady"/>. Only a probe's CPU is used, and a few seconds of a light load give it within a few
    /// hundredths of a core, while its latency (the bursts' wait) is not used at all.</summary>
    private SizeSettings ProbeSettings() =>
        settings with { WarmUp = Max(settings.WarmUp / 2, MinProbeWarmUp), Steady = Max(settings.Steady / 2, MinProbeSteady) };

    /// <summary>
    /// Predicts the capacity and the SLO percentile from the search's trials below half the cores, then runs trials the
    /// prediction did not see (<c>HeldOutWindows</c> windows at each of <see cref="HeldOutShares"/> of the capacity) and
    /// checks it against them (the median of each load's windows) and against the searched capacity. Only with a tree: a self-test target's capacity is its own queue's, not the CPU's.
    /// </summary>
    private async Task<ClusterPredictions?> PredictAsync(int nodes, SearchResult result, List<StepMeasurement> steps, TreeSession session,
        JournalCounter? journal, bool isolated, bool generatorApart, (int Nodes, double OpsPerSecond)? drainBefore, CancellationToken ct)
    {
        if (session.Node is null || ct.IsCancellationRequested) return null;
        var slo = PercentileSloOf(steps);
        var cores = isolated ? nodes * settings.NodeCpus!.Value : Environment.ProcessorCount;
        var points = steps.Select(s => Point(s, slo, isolated, generatorApart)).ToList();
        // The collector's threads during a pause: one with the workstation collector, one per heap (a core each) with the server's.
        var collectorCores = GCSettings.IsServerGC ? Environment.ProcessorCount : 1;
        var (prediction, problem) = CapacityPrediction.Predict(points, cores, slo, null, collectorCores);
        if (prediction is null && await LightTrialsAsync(steps, points, cores, slo, session, journal, isolated, generatorApart, ct) > 0)
            (prediction, problem) = CapacityPrediction.Predict(points, cores, slo, null, collectorCores);
        // Drain probes at the heaviest light load the prediction was fitted on; their rate, where they timed a burst, is the
        // capacity (CapacityPrediction.WithDrain). Without a latency SLO there is no depth to aim the bursts at.
        var smooth = prediction is null || slo is null ? null
            : steps.Where(s => prediction.FitTrials.Contains(s.Number) && s.SloHeld).MaxBy(s => s.LoadFactor);
        var drain = smooth is null ? null
            : await DrainAsync(smooth, FirstDrainAim(prediction!.OpsPerSecond, drainBefore, nodes), slo!, steps.Count + 1, session, journal, isolated,
                generatorApart, ct);
        var extraTrials = drain?.Probes.Count ?? 0;
        // Demand probes only where the trials carry no pauses (several nodes) and no drain probe timed a burst: the
        // utilisation law's line is fitted on them.
        var probes = prediction?.Pauses is null && drain?.OpsPerSecond is null
            ? await ProbeAsync(points, cores, steps.Count + extraTrials + 1, session, journal, isolated, generatorApart, ct)
            : [];
        extraTrials += probes.Count;
        if (probes.Count > 0) (prediction, problem) = CapacityPrediction.Predict(points, cores, slo, probes, collectorCores);
        if (prediction is not null && drain is not null) prediction = prediction.WithDrain(drain, points, isolated ? CpuCgroups.ThrottledMs(settings.NodeCpus!.Value) : 0);
        if (prediction is null) return new ClusterPredictions(nodes, null, problem, [], []) { Probes = probes, Drain = drain };
        progress.Info($"predicted (light trials{(prediction.Drain is null ? "" : " and drain probes")}): capacity load factor {Show(prediction.LoadFactor)} ({prediction.Basis})");
        var heldOut = new List<TrialPoint>();
        if (result.PassedLoad is { } passed)
        {
            // The loads' windows interleaved (70 %, 90 %, 70 %, …), so that what drifts over the run (the journal's size,
            // the heap) falls on both alike.
            var plan = Enumerable.Range(1, Math.Max(1, settings.HeldOutWindows)).SelectMany(w => HeldOutShares.Select(share => (Window: w, Share: share)));
            foreach (var (window, share) in plan)
            {
                if (ct.IsCancellationRequested) break;
                var number = steps.Count + extraTrials + 1;
                var load = passed * share;
                progress.Info($"held-out trial {number}: load factor {Show(load)} ({share:P0} of the capacity), window {window} of {Math.Max(1, settings.HeldOutWindows)}, " +
                              $"warm-up {Durations.Format(settings.WarmUp)} + steady {Durations.Format(settings.Steady)} …");
                var step = await TrialMeasurement.RunAsync(number, load, scenario, settings, session, journal, progress, ct, quiet: _quiet);
                if (ct.IsCancellationRequested) break; // cut short: not a check of the prediction
                steps.Add(step);
                progress.Info(TrialMeasurement.Describe(step));
                heldOut.Add(Point(step, slo, isolated, generatorApart));
            }
        }
        var checks = ClusterPredictions.Check(nodes, prediction, result.PassedLoad, result.FailedLoad, heldOut, points) with { Probes = probes, Drain = drain };
        foreach (var c in checks.Checks) progress.Info("  " + c.Describe());
        if (checks.CurveChecks.Count > 0)
            progress.Info($"  the percentile's curve at the search's {checks.CurveChecks.Count} passing load(s) above the fit: " +
                          $"{checks.CurveChecks.Count(c => c.Hit)} within ±{ClusterPredictions.PercentileTolerance * 100:0} %");
        return checks;
    }

    /// <summary>
    /// Demand probes: up to <see cref="Probes"/> of the heaviest light loads of the search (below half the cores, SLO held,
    /// within <see cref="ProbeSpan"/> of the heaviest) again,
    /// with the generator issuing in bursts of <see cref="ProbeTick"/>. Numbered from <paramref name="firstNumber"/> and kept out of
    /// its steps (their latency includes the bursts' wait, their CPU is not a smooth load's); the prediction fits its
    /// demand on them. None when fewer than two light loads held.
    /// </summary>
    private async Task<List<TrialPoint>> ProbeAsync(IReadOnlyList<TrialPoint> points, double cores, int firstNumber, TreeSession session,
        JournalCounter? journal, bool isolated, bool generatorApart, CancellationToken ct)
    {
        var light = CapacityPrediction.LightHeld(points, cores).Select(p => p.LoadFactor).ToList();
        var heaviest = light.Count > 0 ? light.Max() : 0;
        var loads = light.Where(l => l >= heaviest / ProbeSpan).OrderByDescending(l => l).Take(Probes).OrderBy(l => l).ToList();
        var probes = new List<TrialPoint>();
        if (loads.Count < 2) return probes;
        var probe = ProbeSettings();
        foreach (var load in loads)
        {
            if (ct.IsCancellationRequested) break;
            var number = firstNumber + probes.Count;
            progress.Info($"demand probe, trial {number}: load factor {Show(load)} issued in bursts of {Durations.Format(ProbeTick)}, warm-up {Durations.Format(probe.WarmUp)} + steady {Durations.Format(probe.Steady)} …");
            var step = await TrialMeasurement.RunAsync(number, load, scenario, probe, session, journal, progress, ct, ProbeTick, _quiet);
            if (ct.IsCancellationRequested) break;
            progress.Info(TrialMeasurement.Describe(step));
            probes.Add(Point(step, null, isolated, generatorApart));
        }
        return probes;
    }

    /// <summary>
    /// Trials below the search's lightest load, halving it, until two light trials (below half the cores) have held the
    /// SLO (<see cref="NextLightLoad"/>). A search on several nodes starts above load factor 1 (from the size before it)
    /// and may leave none light: under 0.4-core quotas a node's fixed cost is about 0.19 cores of the 0.2 that half its
    /// quota allows, and on 2026-12-05 (the acceptance command) 2 nodes had one light trial and 3 nodes none, so neither
    /// predicted. Added to the steps, numbered after the search's. Returns how many ran.
    /// </summary>
    private async Task<int> LightTrialsAsync(List<StepMeasurement> steps, List<TrialPoint> points, double cores, PercentileSlo? slo,
        TreeSession session, JournalCounter? journal, bool isolated, bool generatorApart, CancellationToken ct)
    {
        var added = 0;
        while (!ct.IsCancellationRequested && NextLightLoad(points, cores, settings.Search.MinLoad, added) is { } load)
        {
            var number = steps.Count + 1;
            progress.Info($"light trial {number}: load factor {Show(load)}, below the search's lightest, for the predictions (fewer than two trials held " +
                          $"the SLO below half of the {Show(cores)} cores), warm-up {Durations.Format(settings.WarmUp)} + steady {Durations.Format(settings.Steady)} …");
            var step = await TrialMeasurement.RunAsync(number, load, scenario, settings, session, journal, progress, ct, quiet: _quiet);
            if (ct.IsCancellationRequested) break;
            steps.Add(step);
            points.Add(Point(step, slo, isolated, generatorApart));
            progress.Info(TrialMeasurement.Describe(step));
            added++;
        }
        return added;
    }

    /// <summary>At most so many light trials are added below a search that left fewer than two.</summary>
    internal const int LightTrialsAtMost = 3;

    /// <summary>The load of the next light trial: half the lightest trial's so far, while fewer than two trials held the
    /// SLO below half of <paramref name="cores"/> (at different loads), fewer than <see cref="LightTrialsAtMost"/> were
    /// added and the load stays at or above <paramref name="minLoad"/>; null: none is needed, or none may run.</summary>
    internal static double? NextLightLoad(IReadOnlyList<TrialPoint> points, double cores, double minLoad, int added)
    {
        if (points.Count == 0 || added >= LightTrialsAtMost) return null;
        if (CapacityPrediction.LightHeld(points, cores).Count >= 2) return null;
        var load = points.Min(p => p.LoadFactor) / 2;
        return load >= minLoad ? load : null;
    }

    /// <summary>The first SLO on a latency percentile of an operation the trials measured (e.g. alarm.p99 &lt; 250ms).</summary>
    private PercentileSlo? PercentileSloOf(IReadOnlyList<StepMeasurement> steps)
    {
        var measured = steps.SelectMany(s => s.Operations.Keys).ToHashSet(StringComparer.Ordinal);
        foreach (var t in settings.Slo)
        {
            var e = t.Expression;
            var p = e.Stat switch { "p50" => 0.5, "p90" => 0.9, "p99" => 0.99, "p999" => 0.999, _ => 0 };
            if (p > 0 && measured.Contains(e.Key) && e.Operator is ComparisonOperator.LessThan or ComparisonOperator.LessThanOrEqual)
                return new PercentileSlo(e.Key, p, e.Limit);
        }
        return null;
    }

    /// <summary>What a prediction needs of trial <paramref name="s"/>: its throughput, the SLO operation's percentile and
    /// mean, and the CPU of what ran on the cores the prediction is about.</summary>
    /// <param name="isolated">Whether the nodes ran under <c>--node-cpus</c> quotas.</param>
    /// <param name="generatorApart">Whether the load generator threads had a group of their own (cgroup v1).</param>
    internal static TrialPoint Point(StepMeasurement s, PercentileSlo? slo, bool isolated, bool generatorApart)
    {
        var figures = slo is not null ? s.Operations.GetValueOrDefault(slo.Operation) : null;
        var ms = figures is { } f ? slo!.Percentile switch { 0.5 => f.P50Ms, 0.9 => f.P90Ms, 0.999 => f.P999Ms, _ => f.P99Ms } : double.NaN;
        // What counts is what runs on the cores predicted for. Unisolated, the load generator shares the machine's cores
        // with the tree, so the busy cores are the whole process's (every node's, on several). Isolated with the generator
        // in a group of its own (cgroup v1), the tree's alone count; on cgroup v2 the generator stays inside its node's
        // quota and takes its share of it, so the whole process's count again.
        return new TrialPoint(s.Number, s.LoadFactor, s.CompletedPerSecond, isolated && generatorApart ? s.TreeBusyCores : s.BusyCores, ms, s.SloHeld,
            figures?.MeanMs ?? double.NaN, s.GcPausedShare ?? double.NaN, s.GcPausedShare is null ? double.NaN : s.Gen0 / s.SteadySeconds);
    }
}
