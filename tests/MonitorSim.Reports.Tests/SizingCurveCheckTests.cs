using System.Text.Json;
using MonitorSim.Reports.Sizing;
using MonitorSim.Sizing.Prediction;

namespace MonitorSim.Reports.Tests;

/// <summary>The percentile's curve against the search's loads above the fit, in the sizing report: counted in the
/// predictions' line, tabled in their section, listed in sizing.json; not among the first lines' misses, which are the
/// capacity's and the held-out loads'. And every held-out window's own figures, which the checks take medians of.</summary>
public sealed class SizingCurveCheckTests
{
    private static SizingRun WithCurve()
    {
        var hit = new PredictionCheck("alarm p99 at load factor 8 (ms)", 12, 10, ClusterPredictions.PercentileTolerance, "search trial 4, 2× the heaviest fitted trial's load");
        var miss = new PredictionCheck("alarm p99 at load factor 16 (ms)", 40, 20, ClusterPredictions.PercentileTolerance, "search trial 5, 4× the heaviest fitted trial's load");
        var unbounded = new PredictionCheck("alarm p99 at load factor 24 (ms)", double.PositiveInfinity, 30, ClusterPredictions.PercentileTolerance, "search trial 6, 6× the heaviest fitted trial's load");
        var (prediction, _) = CapacityPrediction.Predict(
            [new TrialPoint(1, 1, 320, 0.2, 10, true), new TrialPoint(2, 2, 640, 0.3, 10, true)], cores: 2, new PercentileSlo("alarm", 0.99, 250));
        return SizingReportTests.Sample() with { Predictions = [new ClusterPredictions(1, prediction, null, [], []) { CurveChecks = [hit, miss, unbounded] }] };
    }

    [Fact]
    public void The_report_counts_and_tables_the_curve_checks_without_leading_with_their_misses()
    {
        var report = SizingMarkdown.Render(WithCurve());

        Assert.Contains("the percentile's curve at the search's passing loads above the fit: 1 of 3 within ±30 % (errors +20 % to +100 %); " +
                        "at 1 the model predicted no bound (its cores full)", report, StringComparison.Ordinal);
        Assert.Contains("| alarm p99 at load factor 16 (ms) | 40 | 20 | +100.0 % | ±30 % | MISSED | search trial 5, 4× the heaviest fitted trial's load |", report, StringComparison.Ordinal);
        Assert.Contains("| alarm p99 at load factor 24 (ms) | no bound | 30 | n/a | ±30 % | MISSED |", report, StringComparison.Ordinal);
        Assert.DoesNotContain("PREDICTION MISSED on 1 node: alarm p99 at load factor 16", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Sizing_json_lists_each_curve_check_with_its_error_and_verdict()
    {
        using var doc = JsonDocument.Parse(SizingJson.Render(WithCurve()));

        var curve = doc.RootElement.GetProperty("predictions")[0].GetProperty("curve_checks");
        Assert.Equal(3, curve.GetArrayLength());
        Assert.Equal(0.2, curve[0].GetProperty("error").GetDouble(), 9);
        Assert.True(curve[0].GetProperty("hit").GetBoolean());
        Assert.False(curve[1].GetProperty("hit").GetBoolean());
        Assert.Equal(JsonValueKind.Null, curve[2].GetProperty("predicted").ValueKind);
    }

    [Fact]
    public void Every_held_out_window_is_listed_with_its_own_figures()
    {
        var run = WithCurve();
        run = run with { Predictions = [run.Predictions![0] with { HeldOutTrials = [4, 5] }] };

        var report = SizingMarkdown.Render(run);

        Assert.Contains("| held-out trial | load factor | completed ops/s | alarm p99 ms | busy cores | GC paused % | SLO |", report, StringComparison.Ordinal);
        Assert.Contains("| 4 | 8 | 2,500 |", report, StringComparison.Ordinal);
        Assert.Contains("| 5 | 16 | 4,700 |", report, StringComparison.Ordinal);
        Assert.DoesNotContain("| 3 | 4 | 1,270 |", report, StringComparison.Ordinal);
    }
}
