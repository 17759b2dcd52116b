using System.Globalization;
using MonitorSim.Sizing.Planning;
using MonitorSim.Sizing.Queueing;

namespace MonitorSim.Sizing.Prediction;

/// <summary>
/// The prediction where the light trials measured the collector's pauses (one node: the runtime reports its own): busy
/// cores from the heaviest light trials (<see cref="BusyCoresCurve"/>: the geometric middle of a power law and a straight
/// line through them, each of which also gives the capacity alone), the pauses' length and paused seconds per operation
/// from the same trials, and <see cref="CollectorPauses"/> turning them into the cores left between pauses and the wait
/// the pauses add at the SLO's percentile. The percentile is the light-load floor plus that wait; the capacity is the
/// highest throughput at which it is within the SLO. On one node it replaced the utilisation law with Erlang C, which
/// missed the baseline's capacity by +34 % to +37 % and its held-out p99 by +60 % to +149 % in the runs before it; the
/// form of the busy curve was chosen on six runs of 2026-12-05 and is no evidence for itself (docs/sizing.md,
/// "Measured: collector pauses"). On several nodes, where no node's pauses are reported, the utilisation law stays.
/// </summary>
public sealed partial record CapacityPrediction
{
    /// <summary>Busy cores against throughput; null: predicted by the utilisation law's line (<see cref="Demand"/>).</summary>
    public BusyCoresCurve? Curve { get; init; }

    /// <summary>The collector's pauses; null: predicted without them (the utilisation law with Erlang C).</summary>
    public CollectorPauses? Pauses { get; init; }

    /// <summary>The capacity (load factor) predicted with each extrapolation of the busy cores alone: the straight line
    /// (the cost per operation held) and the power law (the cost falling on as it fell); the point prediction uses their
    /// geometric middle. Null without pauses.</summary>
    public (double Line, double PowerLaw)? PausedLoadFactorRange { get; init; }

    /// <summary>The prediction with pauses from <paramref name="light"/>, or null where it cannot be made: a trial without
    /// pause figures (several nodes), fewer than two fitted trials, or no collection in them.</summary>
    private static CapacityPrediction? PredictWithPauses(IReadOnlyList<TrialPoint> light, double cores, PercentileSlo? slo, double collectorCores,
        double opsPerLoadFactor, double floorMs)
    {
        if (light.Any(t => !double.IsFinite(t.PausedShare) || !double.IsFinite(t.CollectionsPerSecond))) return null;
        if (BusyCoresCurve.Fit(light.Select(t => (t.CompletedPerSecond, t.BusyCores, t.Number)).ToList()) is not { } curve) return null;
        var fitted = light.Where(t => curve.Trials.Contains(t.Number)).ToList();
        var (paused, collections, ops) = (fitted.Sum(t => t.PausedShare), fitted.Sum(t => t.CollectionsPerSecond), fitted.Sum(t => t.CompletedPerSecond));
        if (!(paused > 0 && collections > 0 && ops > 0)) return null;
        // Under a quota below one core the collector's thread gets the quota, no more (Math.Clamp(1, 1, 0.4) would throw).
        var pauses = new CollectorPauses(cores, Math.Min(collectorCores, cores), paused / collections, paused / ops);
        // The line over every light trial stays for the report (the cost per operation and fixed cores as they show them).
        var demand = ServiceDemand.Fit("tree", light.Select(t => (t.CompletedPerSecond, t.BusyCores)).ToList());
        var draft = new CapacityPrediction(demand, light.Select(t => t.Number).ToList(), cores, opsPerLoadFactor, slo, floorMs, 1, 0)
        {
            Curve = curve,
            Pauses = pauses,
        };
        if (slo is not null && floorMs >= slo.LimitMs) return draft with { UtilisationLimit = 0 };
        var capacity = draft.PausedCapacity(curve.MiddleBusyCores);
        var (line, power) = (draft.PausedCapacity(curve.LineBusyCores), draft.PausedCapacity(curve.BusyCores));
        return draft with
        {
            OpsPerSecond = capacity, UtilisationLimit = draft.Utilisation(capacity),
            PausedLoadFactorRange = (line / opsPerLoadFactor, power / opsPerLoadFactor),
        };
    }

    /// <summary>The highest throughput at which the SLO's percentile holds with busy cores <paramref name="busy"/> (without a
    /// latency SLO: where the cores between pauses run out, ρ = 1), by bisection below the throughput at which the pauses
    /// alone would take all the time.</summary>
    private double PausedCapacity(Func<double, double> busy)
    {
        var pauses = Pauses!;
        double lo = 0, hi = 1 / pauses.PausedSecondsPerOp;
        for (var i = 0; i < 200 && hi - lo > 1e-9 * hi; i++)
        {
            var mid = (lo + hi) / 2;
            var holds = Slo is null
                ? pauses.MutatorUtilisation(busy(mid), mid) < 1
                : PausedPercentileMs(mid, busy) is { } ms && ms <= Slo.LimitMs;
            if (holds) lo = mid; else hi = mid;
        }
        return lo;
    }

    /// <summary>floor + w_q: the light-load percentile plus the pauses' wait at it, with busy cores
    /// <paramref name="busy"/> (null past ρ = 1 between pauses).</summary>
    private double? PausedPercentileMs(double opsPerSecond, Func<double, double> busy) =>
        Pauses!.WaitPercentileSeconds(busy(opsPerSecond), opsPerSecond, Slo!.Percentile) is { } w ? FloorMs + w * 1000 : null;

    private string PausedBasis
    {
        get
        {
            var (curve, pauses) = (Curve!, Pauses!);
            var collector = pauses.CollectorCores <= 1 ? "1 core works while it pauses (workstation collector)" : $"{Show(pauses.CollectorCores)} cores work while it pauses";
            return $"light trials {string.Join(", ", FitTrials)} (below half of {Show(Cores)} cores): {curve.Describe()}, " +
                   $"{Show(OpsPerLoadFactor)} ops/s per unit load factor; collector pauses of {Show(pauses.PauseSeconds * 1000)} ms, " +
                   string.Create(CultureInfo.InvariantCulture, $"{pauses.PausedSecondsPerOp * 1e6:0.####} µs paused per operation") +
                   $" ({collector}; paused {Show(pauses.PausedShare(OpsPerSecond) * 100)} % of the time at the capacity)" +
                   (PausedLoadFactorRange is { } range ? $"; the capacity from their middle (the line alone gives {Show(range.Line)} load factor, the power law {Show(range.PowerLaw)})" : "") +
                   $"; the capacity is {Show(curve.ExtrapolationRatio(OpsPerSecond))}× the heaviest fitted trial's throughput" +
                   (Slo is null ? "; no latency SLO: where the cores between pauses run out (ρ = 1)"
                       : $"; {Slo.Operation} at light load {Show(FloorMs)} ms + the pauses' wait L/(1 − ρ)·(1 − (1 − q)(1 − ρ)/f) " +
                         $"within {Show(Slo.LimitMs)} ms up to ρ = {Show(UtilisationLimit)} of the cores between pauses");
        }
    }
}
