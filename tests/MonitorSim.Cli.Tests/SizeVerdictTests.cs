using MonitorSim.Cli.Commands;
using MonitorSim.Sizing.Prediction;
using MonitorSim.Sizing.Search;

namespace MonitorSim.Cli.Tests;

/// <summary>What makes <c>monitorsim size</c> exit 1: the design load does not fit the searched capacity, or a prediction
/// missed the measurement that checks it. Judged on made-up searches and checks (a sizing run takes minutes;
/// SizeCommandTests runs one).</summary>
public sealed class SizeVerdictTests
{
    private static readonly string[] Slo = ["alarm.p99 < 250ms"];

    private static SearchResult Search(double? passed, double? failed) =>
        new(passed, failed, passed is not null && failed is not null, "the interval is within the resolution", []);

    private static ClusterPredictions Predicted(params PredictionCheck[] checks) => new(1, null, null, checks, []);

    private static PredictionCheck Capacity(double predicted, double measured) =>
        new("capacity (load factor)", predicted, measured, ClusterPredictions.CapacityTolerance, "light trials 1–3");

    [Fact]
    public void A_design_load_under_the_searched_capacity_and_predictions_within_their_targets_pass()
    {
        var checks = SizeVerdict.Checks(Search(16, 17), 1, [Predicted(Capacity(17.5, 16.5))], null, Slo, designLoadFactor: 4);

        Assert.All(checks, c => Assert.True(c.Passed, c.Message));
        Assert.Equal(16, checks[0].Value); // the highest load that passed every repeat
        Assert.Equal((17.5 / 16.5 - 1) * 100, checks[1].Value!.Value, 9);
    }

    [Fact]
    public void A_design_load_above_the_highest_passing_load_does_not_fit()
    {
        var fit = SizeVerdict.Checks(Search(4, 4.2), 1, [], null, Slo, designLoadFactor: 8)[0];

        Assert.False(fit.Passed);
        Assert.Contains("load factor 4, the lowest that failed 4.2: below the design load's 8", fit.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void When_no_load_held_every_slo_nothing_fits()
    {
        var fit = SizeVerdict.Checks(Search(null, 0.25), 1, [], null, Slo, designLoadFactor: 1)[0];

        Assert.False(fit.Passed);
        Assert.Contains("no load held every SLO (alarm.p99 < 250ms) in every repeat", fit.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_capacity_prediction_that_missed_by_more_than_its_tolerance_fails()
    {
        var checks = SizeVerdict.Checks(Search(16, 17), 1, [Predicted(Capacity(30, 16.5))], null, Slo, designLoadFactor: 1);

        var prediction = checks[1];
        Assert.False(prediction.Passed);
        Assert.Contains("MISSED", prediction.Message, StringComparison.Ordinal);
        Assert.Contains("1 node: capacity (load factor) predicted within ±20 %", prediction.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void A_prediction_without_a_finite_measurement_is_a_miss_not_a_pass()
    {
        var checks = SizeVerdict.Checks(Search(16, 17), 1, [Predicted(Capacity(17, double.NaN))], null, Slo, designLoadFactor: 1);

        Assert.False(checks[1].Passed);
        Assert.Null(checks[1].Value);
    }

    [Fact]
    public void A_cluster_size_without_checks_is_reported_skipped_with_its_reason()
    {
        var none = new ClusterPredictions(2, null, "fewer than two light trials", [], []);

        var skipped = SizeVerdict.Checks(Search(16, 17), 1, [none], null, Slo, designLoadFactor: 1)[1];

        Assert.Equal("predictions on 2 nodes", skipped.Name);
        Assert.Equal("fewer than two light trials", skipped.Skipped);
    }
}
