using System.Text.Json;
using MonitorSim.Reports.Sizing;
using MonitorSim.Sizing.Prediction;

namespace MonitorSim.Reports.Tests;

/// <summary>A held-out load measured in several windows: the report's first lines give, beside a missed prediction, how
/// the windows did as predictions of each other, and sizing.json lists the windows, their errors and hits.</summary>
public sealed class SizingRepeatabilityTests
{
    private static SizingRun WithWindows()
    {
        var check = new PredictionCheck("alarm p99 at load factor 1,205.509 (ms)", 30.158, 49.119, ClusterPredictions.PercentileTolerance,
            "the median of trials 33, 35, 37 (49.407, 49.119, 27.311 ms), run after the search and not seen by the fit")
        {
            Windows = [49.407, 49.119, 27.311],
        };
        var (prediction, _) = CapacityPrediction.Predict(
            [new TrialPoint(1, 1, 320, 0.2, 10, true), new TrialPoint(2, 2, 640, 0.3, 10, true)], cores: 2, new PercentileSlo("alarm", 0.99, 250));
        return SizingReportTests.Sample() with { Predictions = [new ClusterPredictions(1, prediction, null, [check], [33, 35, 37])] };
    }

    [Fact]
    public void A_missed_held_out_percentile_leads_the_report_with_how_its_windows_checked_each_other()
    {
        var report = SizingMarkdown.Render(WithWindows());

        Assert.Contains("PREDICTION MISSED on 1 node: alarm p99 at load factor 1,205.509 (ms): predicted 30.158, measured 49.119, error -38.6 % " +
                        "(target ±30 %): MISSED; its 3 windows, each as a prediction of the others' median: 2 of 3 within ±30 % (-45 % to +29 %)",
            report, StringComparison.Ordinal);
    }

    [Fact]
    public void Sizing_json_lists_the_windows_their_errors_against_each_other_and_the_hits()
    {
        using var doc = JsonDocument.Parse(SizingJson.Render(WithWindows()));

        var check = doc.RootElement.GetProperty("predictions")[0].GetProperty("checks")[0];
        Assert.Equal([49.407, 49.119, 27.311], check.GetProperty("windows").EnumerateArray().Select(w => w.GetDouble()));
        Assert.Equal(27.311 / 49.263 - 1, check.GetProperty("repeat_errors")[2].GetDouble(), 9);
        Assert.Equal(2, check.GetProperty("repeat_hits").GetInt32());
    }
}
