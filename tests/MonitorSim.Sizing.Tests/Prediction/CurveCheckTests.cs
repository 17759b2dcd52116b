using MonitorSim.Sizing.Prediction;

namespace MonitorSim.Sizing.Tests.Prediction;

/// <summary>
/// The percentile's curve checked at the search's own loads between the fitted trials and the capacity: each load above
/// the fit at which every trial held the SLO is a check of the percentile predicted at the throughput it carried; the
/// fitted trials and the loads that broke the SLO (the capacity check's) are not.
/// </summary>
public sealed class CurveCheckTests
{
    private static readonly PercentileSlo Slo = new("alarm", 0.99, 50);

    /// <summary>Light trials at load factors 5–30, 100 ops/s per unit, 0.2 cores + 200 µs per operation: below half of
    /// 2 cores, so all of them are fitted.</summary>
    private static List<TrialPoint> Light() =>
        new[] { 5.0, 10, 20, 30 }.Select((lf, i) => new TrialPoint(i + 1, lf, lf * 100, 0.2 + lf * 100 * 200e-6, 5 + i * 0.1, HeldSlo: true)).ToList();

    private static CapacityPrediction Predicted() => CapacityPrediction.Predict(Light(), 2, Slo).Prediction!;

    [Fact]
    public void Every_passing_load_above_the_fit_checks_the_percentile_predicted_at_the_throughput_it_carried()
    {
        var prediction = Predicted();
        double At(double opsPerSecond) => prediction.PercentileMs(opsPerSecond)!.Value;
        List<TrialPoint> search =
        [
            .. Light(),
            new(5, 40, 4_000, 1.0, At(4_000) * 1.25, true), // measured 1.25 × the prediction: −20 %, a hit at ±30 %
            new(6, 50, 4_900, 1.2, At(4_900) / 2, true),    // half of it: +100 %, a miss
            new(7, 60, 6_000, 1.4, 30, true), new(8, 60, 6_000, 1.4, 900, false), // broke the SLO once: the capacity check's
            new(9, 80, 7_000, 1.9, 2_000, false),
        ];

        var checks = ClusterPredictions.Check(1, prediction, 50, 60, [], search).CurveChecks;

        Assert.Equal(["alarm p99 at load factor 40 (ms)", "alarm p99 at load factor 50 (ms)"], checks.Select(c => c.Figure));
        Assert.Equal(1 / 1.25 - 1, checks[0].Error, 9);
        Assert.True(checks[0].Hit);
        Assert.Equal(1.0, checks[1].Error, 9); // predicted at the 4,900 ops/s it carried, not at 50 × 100
        Assert.False(checks[1].Hit);
        Assert.Equal("search trial 5, 1.333× the heaviest fitted trial's load", checks[0].Basis);
        Assert.Equal(0.30, checks[0].Tolerance);
    }

    [Fact]
    public void Repeats_of_one_load_check_with_their_median()
    {
        var prediction = Predicted();
        var p = prediction.PercentileMs(4_000)!.Value;
        List<TrialPoint> search = [.. Light(), new(5, 40, 4_000, 1.0, p * 3, true), new(6, 40, 4_000, 1.0, p, true), new(7, 40, 4_000, 1.0, p / 3, true)];

        var check = Assert.Single(ClusterPredictions.Check(1, prediction, null, null, [], search).CurveChecks);

        Assert.Equal(p, check.Measured, 9);
        Assert.True(check.Hit);
        Assert.StartsWith("the median of search trials 5, 6, 7", check.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void A_passing_load_the_model_gives_no_bound_is_a_miss()
    {
        var prediction = Predicted();
        // 9,500 ops/s needs 2.1 busy cores of 2: past ρ = 1 for the model, yet the trial held.
        List<TrialPoint> search = [.. Light(), new(5, 95, 9_500, 1.9, 40, true)];

        var check = Assert.Single(ClusterPredictions.Check(1, prediction, null, null, [], search).CurveChecks);

        Assert.True(double.IsPositiveInfinity(check.Predicted));
        Assert.False(check.Hit);
        Assert.Contains("no bound", check.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_percentile_slo_or_loads_above_the_fit_there_is_nothing_to_check()
    {
        var withoutSlo = CapacityPrediction.Predict(Light(), 2, null).Prediction!;
        List<TrialPoint> search = [.. Light(), new(5, 40, 4_000, 1.0, 9, true)];

        Assert.Empty(ClusterPredictions.Check(1, withoutSlo, null, null, [], search).CurveChecks);
        Assert.Empty(ClusterPredictions.Check(1, Predicted(), null, null, [], Light()).CurveChecks);
        Assert.Empty(ClusterPredictions.Check(1, Predicted(), null, null, []).CurveChecks);
    }
}
