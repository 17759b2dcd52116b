using MonitorSim.Sizing.Prediction;

namespace MonitorSim.Sizing.Tests.Prediction;

/// <summary>A percentile measured in several windows at one load checks itself: each window as a prediction of the
/// median of the others, with the prediction's tolerance. When the measurement's own repeats miss, so must any model
/// checked against it, and the report says which it is.</summary>
public sealed class RepeatabilityTests
{
    private static PredictionCheck Check(params double[] windows) =>
        new("alarm p99 at load factor 1,205 (ms)", 30, windows.Order().ElementAt(windows.Length / 2), ClusterPredictions.PercentileTolerance, "held out")
        {
            Windows = windows,
        };

    [Fact]
    public void Each_window_is_checked_against_the_median_of_the_others()
    {
        // The baseline's 70 % windows on 2026-12-06: 49.4 and 49.1 ms, and a quiet one of 27.3 ms.
        var check = Check(49.4, 49.1, 27.3);

        Assert.Equal(3, check.RepeatErrors.Count);
        Assert.Equal(49.4 / ((49.1 + 27.3) / 2) - 1, check.RepeatErrors[0], 9); // +29 %: within ±30 %
        Assert.Equal(49.1 / ((49.4 + 27.3) / 2) - 1, check.RepeatErrors[1], 9); // +28 %
        Assert.Equal(27.3 / ((49.4 + 49.1) / 2) - 1, check.RepeatErrors[2], 9); // −45 %: a miss
        Assert.Equal(2, check.RepeatHits);
        Assert.EndsWith("; its 3 windows, each as a prediction of the others' median: 2 of 3 within ±30 % (-45 % to +29 %)", check.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_window_caught_by_a_stall_misses_as_a_prediction_and_spoils_the_others_too()
    {
        var check = Check(114.1, 2535.4, 61.7);

        Assert.Equal(0, check.RepeatHits);
        Assert.True(check.RepeatErrors[1] > 20); // the stall, against the others' median of 87.9 ms
    }

    [Fact]
    public void One_window_has_nothing_to_check_it_and_says_nothing_of_repeats()
    {
        var check = Check(49.4);

        Assert.Empty(check.RepeatErrors);
        Assert.Null(check.Repeatability);
        Assert.DoesNotContain("windows", check.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_window_that_measured_nothing_is_no_repeat_hit()
    {
        var check = Check(40, double.NaN, 41);

        Assert.Equal(0, check.RepeatHits); // the others' median with NaN in it is NaN; the NaN window is no prediction
        Assert.All(check.RepeatErrors, e => Assert.True(double.IsNaN(e)));
    }

    [Fact]
    public void A_held_out_loads_check_keeps_its_windows_in_the_order_they_ran()
    {
        var (prediction, _) = CapacityPrediction.Predict(
            [new TrialPoint(1, 1, 320, 0.2, 10, true), new TrialPoint(2, 2, 640, 0.3, 12, true)], cores: 2, new PercentileSlo("alarm", 0.99, 250));
        var windows = new List<TrialPoint> { new(34, 100, 32_000, 1.4, 27.3, true), new(30, 100, 32_000, 1.4, 49.4, true), new(32, 100, 32_000, 1.4, 49.1, true) };

        var check = ClusterPredictions.Check(1, prediction!, null, null, windows).Checks.Single();

        Assert.Equal([49.4, 49.1, 27.3], check.Windows);
        Assert.Equal(2, check.RepeatHits);
    }
}
