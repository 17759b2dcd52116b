using System.Globalization;

namespace MonitorSim.Sizing.Prediction;

/// <summary>One cluster size's predictions and the measurements that checked them.</summary>
/// <param name="Prediction">Null when none could be made (<paramref name="Problem"/> says why).</param>
/// <param name="HeldOutTrials">The trials run after the search to check the percentile (numbers in the cluster's trials).</param>
public sealed record ClusterPredictions(int Nodes, CapacityPrediction? Prediction, string? Problem, IReadOnlyList<PredictionCheck> Checks,
    IReadOnlyList<int> HeldOutTrials)
{
    /// <summary>Tolerances the issue sets: capacity within ±20 % of the searched, held-out percentile within ±30 %.</summary>
    public const double CapacityTolerance = 0.20;

    public const double PercentileTolerance = 0.30;

    public IEnumerable<PredictionCheck> Missed => Checks.Where(c => !c.Hit);

    /// <summary>The percentile's curve checked at the search's loads between the fit and the capacity
    /// (<see cref="CheckCurve"/>): evidence across the range, reported beside <see cref="Checks"/>, whose misses lead the
    /// report.</summary>
    public IReadOnlyList<PredictionCheck> CurveChecks { get; init; } = [];

    /// <summary>The demand probes run for this cluster size (their load, throughput and CPU), for the report; empty when
    /// none ran.</summary>
    public IReadOnlyList<TrialPoint> Probes { get; init; } = [];

    /// <summary>The drain probes run for this cluster size, whether or not they measured a rate (the prediction's
    /// <see cref="CapacityPrediction.Drain"/> when they did); null when none ran.</summary>
    public BacklogDrain? Drain { get; init; }

    /// <summary>
    /// Checks <paramref name="prediction"/> against the search's capacity (the geometric middle of its interval) and
    /// against the percentile measured at each held-out load: the trials of <paramref name="heldOut"/> at one load are
    /// that load's windows, and the median of their percentiles checks the prediction made at the mean throughput they
    /// carried (one window a load: that window's). A prediction of no bound (ρ ≥ 1 at that throughput) is a miss.
    /// </summary>
    /// <param name="search">The search's trials, whose loads above the fitted trials check the percentile's curve
    /// (<see cref="CurveChecks"/>); empty: none.</param>
    public static ClusterPredictions Check(int nodes, CapacityPrediction prediction, double? passedLoad, double? failedLoad, IReadOnlyList<TrialPoint> heldOut,
        IReadOnlyList<TrialPoint>? search = null)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(heldOut);
        var checks = new List<PredictionCheck>();
        if (passedLoad is { } l && failedLoad is { } u)
            checks.Add(new PredictionCheck("capacity (load factor)", prediction.LoadFactor, Math.Sqrt(l * u), CapacityTolerance,
                $"measured: the middle of the search's interval {Show(l)}–{Show(u)}; predicted from {prediction.Basis}"));
        if (prediction.Slo is { } slo)
        {
            foreach (var windows in heldOut.GroupBy(t => t.LoadFactor))
            {
                checks.Add(PercentileCheck(prediction, slo, windows, "trial", carried => windows.Count() == 1
                    ? $"run after the search and not seen by the fit; predicted at the {Show(carried)} ops/s it carried"
                    : $"run after the search and not seen by the fit; predicted at the {Show(carried)} ops/s they carried on average"));
            }
        }
        return new ClusterPredictions(nodes, prediction, null, checks, heldOut.Select(t => t.Number).ToList())
        {
            CurveChecks = CheckCurve(prediction, search ?? []),
        };
    }

    /// <summary>
    /// The SLO percentile predicted at each load of <paramref name="search"/> above the heaviest fitted trial where every
    /// trial held the SLO, beside the median measured there (predicted at the mean throughput its trials carried). The
    /// prediction saw none of them: it is fitted on the light trials only. Loads where a trial broke the SLO are left to
    /// the capacity check: there the percentile is the overload's, seconds long, which no model of a stable queue predicts.
    /// </summary>
    public static IReadOnlyList<PredictionCheck> CheckCurve(CapacityPrediction prediction, IReadOnlyList<TrialPoint> search)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(search);
        if (prediction.Slo is not { } slo) return [];
        var fitted = search.Where(t => prediction.FitTrials.Contains(t.Number)).Select(t => t.LoadFactor).DefaultIfEmpty(double.PositiveInfinity).Max();
        return search.Where(t => !prediction.FitTrials.Contains(t.Number) && t.LoadFactor > fitted)
            .GroupBy(t => t.LoadFactor)
            .Where(g => g.All(t => t.HeldSlo))
            .OrderBy(g => g.Key)
            .Select(g => PercentileCheck(prediction, slo, g, "search trial", _ => $"{Show(g.Key / fitted)}× the heaviest fitted trial's load"))
            .ToList();
    }

    /// <summary>The percentile at one load checked by its trials: predicted at the mean throughput they carried, measured
    /// as the median of their percentiles. The basis names the trial ("trial 7, …") or, for several, the median and each
    /// value ("the median of trials 7, 9, 11 (20.1, 24.5, 22 ms), …"), then what <paramref name="after"/> says given the
    /// throughput carried.</summary>
    private static PredictionCheck PercentileCheck(CapacityPrediction prediction, PercentileSlo slo, IEnumerable<TrialPoint> atOneLoad, string trial,
        Func<double, string> after)
    {
        var trials = atOneLoad.OrderBy(t => t.Number).ToList();
        var percentiles = trials.Select(t => t.P99Ms).ToList();
        var carried = trials.Average(t => t.CompletedPerSecond);
        var which = trials.Count == 1
            ? $"{trial} {trials[0].Number}"
            : $"the median of {trial}s {string.Join(", ", trials.Select(t => t.Number))} ({string.Join(", ", trials.Select(t => Show(t.P99Ms)))} ms)";
        return new PredictionCheck($"{slo.Operation} p{Show(slo.Percentile * 100)} at load factor {Show(trials[0].LoadFactor)} (ms)",
            prediction.PercentileMs(carried) ?? double.PositiveInfinity, PredictionCheck.MedianOrNaN(percentiles), PercentileTolerance,
            $"{which}, {after(carried)}")
        {
            Windows = trials.Count > 1 ? percentiles : [],
        };
    }

    private static string Show(double v) => v.ToString("#,0.###", CultureInfo.InvariantCulture);
}
