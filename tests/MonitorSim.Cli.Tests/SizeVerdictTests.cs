using MonitorSim.Cli.Commands;
using MonitorSim.Sizing.Prediction;
using MonitorSim.Reports.Sizing;
using MonitorSim.Sizing.Design;

namespace MonitorSim.Cli.Tests;

/// <summary>What makes <c>monitorsim size</c> exit 1: the design load does not fit the searched capacity, or a prediction
/// missed the measurement that checks it. Judged on made-up searches and checks (a sizing run takes minutes;
/// SizeCommandTests runs one).</summary>
public sealed class SizeVerdictTests
{
    private static readonly string[] Slo = ["alarm.p99 < 250ms"];

    /// <summary>The answer on 1 node sharing 2 cores: <paramref name="capacity"/> ops/s completed at load factor
    /// <paramref name="passed"/> (null: no load passed) against a design load of <paramref name="design"/> ops/s.</summary>
    private static SizingAnswer Answer(double? capacity, double? passed, double? failed, double design)
    {
        var load = DesignLoad.Of(1, new DesignLoadCandidate(DesignLoadKind.Peak, new Dictionary<string, double> { ["alarm"] = design }, "made up"));
        return new SizingAnswer(1, 2, false, load, capacity, passed, failed, capacity is { } c ? load.MarginOf(c) : 0, null, null, "none made");
    }

    private static ClusterPredictions Predicted(params PredictionCheck[] checks) => new(1, null, null, checks, []);

    private static PredictionCheck Capacity(double predicted, double measured) =>
        new("capacity (load factor)", predicted, measured, ClusterPredictions.CapacityTolerance, "light trials 1–3");

    [Fact]
    public void A_design_load_under_the_searched_capacity_and_predictions_within_their_targets_pass()
    {
        var checks = SizeVerdict.Checks(Answer(1600, 16, 17, design: 400), [Predicted(Capacity(17.5, 16.5))], null, Slo);

        Assert.All(checks, c => Assert.True(c.Passed, c.Message));
        Assert.Equal(4, checks[0].Value); // the margin: 1,600 ops/s at the capacity over the 400 ops/s design load
        Assert.Equal((17.5 / 16.5 - 1) * 100, checks[1].Value!.Value, 9);
    }

    [Fact]
    public void A_design_load_above_the_highest_passing_load_does_not_fit()
    {
        var fit = SizeVerdict.Checks(Answer(400, 4, 4.2, design: 800), [], null, Slo)[0];

        Assert.False(fit.Passed);
        Assert.Equal(0.5, fit.Value);
        Assert.Contains("capacity 400 ops/s (load factor 4 held every SLO in every repeat, 4.2 failed) / 800 ops/s = margin 0.50: below 1", fit.Message, StringComparison.Ordinal);
        Assert.Contains("design load (800 ops/s, peak) fits on 1 node", fit.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void A_design_load_exactly_at_the_capacity_fits_and_one_operation_more_does_not()
    {
        Assert.True(SizeVerdict.Checks(Answer(500, 5, 5.2, design: 500), [], null, Slo)[0].Passed);
        Assert.False(SizeVerdict.Checks(Answer(500, 5, 5.2, design: 501), [], null, Slo)[0].Passed);
    }

    [Fact]
    public void When_no_load_held_every_slo_nothing_fits()
    {
        var fit = SizeVerdict.Checks(Answer(null, null, 0.25, design: 100), [], null, Slo)[0];

        Assert.False(fit.Passed);
        Assert.Contains("no load held every SLO (alarm.p99 < 250ms) in every repeat", fit.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_capacity_prediction_that_missed_by_more_than_its_tolerance_fails()
    {
        var checks = SizeVerdict.Checks(Answer(1600, 16, 17, design: 100), [Predicted(Capacity(30, 16.5))], null, Slo);

        var prediction = checks[1];
        Assert.False(prediction.Passed);
        Assert.Contains("MISSED", prediction.Message, StringComparison.Ordinal);
        Assert.Contains("1 node: capacity (load factor) predicted within ±20 %", prediction.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void A_prediction_without_a_finite_measurement_is_a_miss_not_a_pass()
    {
        var checks = SizeVerdict.Checks(Answer(1600, 16, 17, design: 100), [Predicted(Capacity(17, double.NaN))], null, Slo);

        Assert.False(checks[1].Passed);
        Assert.Null(checks[1].Value);
    }

    [Fact]
    public void A_cluster_size_without_checks_is_reported_skipped_with_its_reason()
    {
        var none = new ClusterPredictions(2, null, "fewer than two light trials", [], []);

        var skipped = SizeVerdict.Checks(Answer(1600, 16, 17, design: 100), [none], null, Slo)[1];

        Assert.Equal("predictions on 2 nodes", skipped.Name);
        Assert.Equal("fewer than two light trials", skipped.Skipped);
    }
}
