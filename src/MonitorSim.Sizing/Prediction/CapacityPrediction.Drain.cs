using System.Globalization;
using MathNet.Numerics.Statistics;

namespace MonitorSim.Sizing.Prediction;

/// <summary>
/// The prediction from drain probes (<see cref="BacklogDrain"/>): the tree's capacity is the rate μ it works off a backlog
/// as deep as the SLO allows, and the SLO percentile at a throughput X below it is a floor that does not queue plus a
/// part that grows as one queue's does, p(X) = F + K / (1 − X/μ), the shape of an M/M/1's sojourn-time percentile
/// (−ln(1 − q)·S/(1 − ρ)) added to the light-load floor F (the lowest percentile of the light trials: an operation's way
/// through an idle tree, its hops between nodes, a quota's throttling), with the queue's time scale K read from how far the
/// heaviest light trials' percentiles rose above the floor rather than from a service time: the tree serves in quanta of
/// milliseconds (a dispatcher's batch, a collection), not in an operation's microseconds. The capacity is where p(X)
/// reaches the SLO's limit L: X = μ·(1 − K/(L − F)). It replaces the light trials' curve wherever a probe timed a burst:
/// extrapolating that curve four to fifty times past the heaviest light trial missed the baseline's capacity by −34 % to
/// +3 % on two cores and by −48 % to −75 % under 0.4-core quotas, because a tree's cost per operation falls as its
/// mailboxes lengthen and a light load never lengthens them; a drain probe does, for a moment, at a light average load.
/// Until the night of 2026-12-05 the floor was not apart (p = K/(1 − X/μ), K from the whole percentile): on several nodes under
/// quotas, whose light trials' p99 of 40–63 ms is mostly floor, that scaled the floor with the queue and put the
/// capacity 31–42 % low (docs/sizing.md, "Measured: drain probes under quotas and on several nodes"). Checked on the three
/// runs after the change: the capacity within ±20 % in 6 of 7 predictions (the floor scaled, recomputed: 3 of 7), the
/// held-out p99 in 2 of 14 (the floor scaled: 4 of 14, both on two cores among them) (docs/sizing.md, "Measured: the
/// burst's dispersion and the floor apart").
/// <para>
/// Under a CPU quota, K is at least −ln(1 − q)·(P − Q), the M/M/1 percentile's factor times the part of a CFS period P
/// that a group of quota Q per period spends throttled: a backlog there is worked off in runs of Q separated by throttled
/// gaps of P − Q, so the waits grow on at least that scale (27.6 ms for p99 at 0.4 cores and a 10 ms period). The light
/// trials cannot show it: below half the quota, most of which a node's fixed cost takes, the load never queues long
/// enough to be throttled. A model motivated by the mechanism, chosen after the run of 2026-12-06 15:35 UTC, whose
/// held-out p99 under quotas came out 40–64 % low where its windows agreed (K from the light trials 4–9 ms against 15–26 ms
/// that those windows imply); judged by the runs after it (docs/sizing.md).
/// </para>
/// </summary>
public sealed partial record CapacityPrediction
{
    /// <summary>What the drain probes made of this prediction; null: predicted from the light trials' curve alone.</summary>
    public DrainedCapacity? Drained { get; init; }

    /// <summary>The drain probes the capacity was measured from; null: predicted from the light trials' curve alone.</summary>
    public BacklogDrain? Drain => Drained?.Drain;

    /// <summary>K, in ms: the queue's part of the percentile's time scale, the median of (p − F)·(1 − X/μ) over the
    /// heaviest light trials (a trial below the floor counting 0), or the quota's floor where that is higher
    /// (<see cref="ThrottleFloorMs"/>); null without a drain or a latency SLO.</summary>
    public double? TailScaleMs => Drained?.TailScaleMs;

    /// <summary>K as the light trials gave it, before the quota's floor; null without a drain or a latency SLO.</summary>
    public double? LightTailScaleMs => Drained?.LightTailScaleMs;

    /// <summary>The floor a CPU quota puts under K: −ln(1 − q)·(P − Q), q the SLO's percentile and P − Q the throttled part
    /// of a CFS period; 0 without a quota (or one of whole periods).</summary>
    public double ThrottleFloorMs => Drained?.ThrottleFloorMs ?? 0;

    /// <summary>The light trials whose percentiles K was read from.</summary>
    public IReadOnlyList<int> TailTrials => Drained?.TailTrials ?? [];

    /// <summary>The capacity (load factor) the light trials' curve alone predicted, before the drain replaced it: kept for
    /// the report, so the two can be compared against the search.</summary>
    public double? LightCurveLoadFactor => Drained?.LightCurveLoadFactor;

    /// <summary>
    /// This prediction with its capacity and percentile from <paramref name="drain"/>, F the floor (<see cref="FloorMs"/>)
    /// and K read from the light trials of <paramref name="light"/> within <see cref="BusyCoresCurve.SpanRatio"/> of the
    /// heaviest's throughput (lighter ones queue too little for their percentile to say anything of the queue); unchanged
    /// when the drain measured no rate. Under a CPU quota whose group is throttled for <paramref name="throttledMs"/> of each
    /// CFS period once it has spent its quota (P − Q; 0 without a quota), K is at least −ln(1 − q)·(P − Q).
    /// </summary>
    public CapacityPrediction WithDrain(BacklogDrain drain, IReadOnlyList<TrialPoint> light, double throttledMs = 0)
    {
        if (!(double.IsFinite(throttledMs) && throttledMs >= 0)) throw new ArgumentOutOfRangeException(nameof(throttledMs), throttledMs, "must be ≥ 0");
        ArgumentNullException.ThrowIfNull(drain);
        ArgumentNullException.ThrowIfNull(light);
        if (drain.OpsPerSecond is not { } mu) return this;
        if (Slo is null) return this with { Drained = new DrainedCapacity(drain, null, [], LoadFactor), OpsPerSecond = mu, UtilisationLimit = 1 };
        var fitted = light.Where(t => FitTrials.Contains(t.Number) && double.IsFinite(t.P99Ms) && t.CompletedPerSecond < mu).ToList();
        if (fitted.Count == 0) return this;
        var heaviest = fitted.Max(t => t.CompletedPerSecond);
        var tail = fitted.Where(t => t.CompletedPerSecond >= heaviest / BusyCoresCurve.SpanRatio).OrderBy(t => t.Number).ToList();
        var fromLight = tail.Select(t => Math.Max(0, t.P99Ms - FloorMs) * (1 - t.CompletedPerSecond / mu)).Median();
        var throttleFloor = -Math.Log(1 - Slo.Percentile) * throttledMs;
        var k = Math.Max(fromLight, throttleFloor);
        var room = Slo.LimitMs - FloorMs;
        var capacity = k < room ? mu * (1 - k / room) : 0;
        return this with
        {
            Drained = new DrainedCapacity(drain, k, tail.Select(t => t.Number).ToList(), LoadFactor) { LightTailScaleMs = fromLight, ThrottleFloorMs = throttleFloor },
            OpsPerSecond = capacity, UtilisationLimit = capacity / mu,
        };
    }

    /// <summary>p(X) = F + K / (1 − X/μ); null at or past μ.</summary>
    private double? DrainedPercentileMs(double opsPerSecond, double mu) =>
        opsPerSecond < mu && TailScaleMs is { } k ? FloorMs + k / (1 - opsPerSecond / mu) : null;

    private string DrainBasis
    {
        get
        {
            var drain = Drain!;
            var mu = drain.OpsPerSecond!.Value;
            return $"{drain.Describe(OpsPerLoadFactor)}; {Show(OpsPerLoadFactor)} ops/s per unit load factor from light trials {string.Join(", ", FitTrials)}" +
                   (Slo is null || TailScaleMs is not { } k
                       ? "; no latency SLO: the capacity is the drain rate"
                       : $"; {Slo.Operation} p{Show(Slo.Percentile * 100)} = F + K/(1 − X/μ) with the floor F = {Show(FloorMs)} ms (the lowest light trial's) " +
                         (ThrottleFloorMs > (LightTailScaleMs ?? 0)
                             ? $"and K = {Show(k)} ms, the quota's floor −ln(1 − {Show(Slo.Percentile)})·(P − Q) (light trials {string.Join(", ", TailTrials)} gave {Show(LightTailScaleMs ?? 0)} ms), "
                             : $"and K = {Show(k)} ms from light trials {string.Join(", ", TailTrials)}" +
                               (ThrottleFloorMs > 0 ? $" (above the quota's floor of {Show(ThrottleFloorMs)} ms)" : "") + ", ") +
                         $"within {Show(Slo.LimitMs)} ms up to X = μ·(1 − K/(L − F)) = {Show(OpsPerSecond)} ops/s") +
                   (LightCurveLoadFactor is { } curve ? $"; the light trials' curve alone predicted load factor {Show(curve)}" : "") +
                   string.Create(CultureInfo.InvariantCulture, $"; the capacity is {mu / drain.Counted.Max(p => p.CompletedPerSecond):0.##}× the heaviest probe's average load");
        }
    }
}

/// <summary>What drain probes made of a prediction: the probes, the percentile's time scale K and the light trials it was
/// read from, and the capacity the light trials' curve alone had predicted (load factor).</summary>
public sealed record DrainedCapacity(BacklogDrain Drain, double? TailScaleMs, IReadOnlyList<int> TailTrials, double LightCurveLoadFactor)
{
    /// <summary>K as the light trials gave it, before a quota's floor.</summary>
    public double? LightTailScaleMs { get; init; }

    /// <summary>The floor a CPU quota put under K (0: none).</summary>
    public double ThrottleFloorMs { get; init; }
}
