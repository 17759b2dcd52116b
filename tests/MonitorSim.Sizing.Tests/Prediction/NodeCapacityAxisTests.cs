using MonitorSim.Sizing.Prediction;
using MonitorSim.Sizing.Usl;

namespace MonitorSim.Sizing.Tests.Prediction;

/// <summary>Capacity against isolated node counts: the USL over N fitted on the smaller counts predicts the largest.</summary>
public sealed class NodeCapacityAxisTests
{
    private static readonly UslModel Truth = new(0.05, 0.002, 1000);

    /// <summary>Three repeats per node count, ±1 % around the model.</summary>
    private static SearchedNodeCapacity At(int n, UslModel model) =>
        new(n, n, n * 1.05, [model.Throughput(n) * 0.99, model.Throughput(n), model.Throughput(n) * 1.01]);

    [Fact]
    public void With_four_node_counts_the_usl_on_the_first_three_predicts_the_fourth_within_its_target()
    {
        var axis = NodeCapacityAxis.Analyse([At(1, Truth), At(2, Truth), At(3, Truth), At(4, Truth)])!;

        Assert.Contains("the USL fitted on 1, 2, 3 node(s)", axis.HeldOutMethod);
        Assert.Equal(Truth.Throughput(4), axis.HeldOut!.Measured, 6);
        Assert.True(axis.HeldOut.Hit, axis.HeldOut.Describe());
        Assert.NotNull(axis.Usl);
    }

    [Fact]
    public void A_largest_count_that_falls_off_the_smaller_counts_curve_is_a_miss()
    {
        // The fourth node count carries only 60 % of what the first three promise.
        var axis = NodeCapacityAxis.Analyse([At(1, Truth), At(2, Truth), At(3, Truth), new SearchedNodeCapacity(4, 4, 4.2, [Truth.Throughput(4) * 0.6])])!;

        Assert.False(axis.HeldOut!.Hit);
        Assert.InRange(axis.HeldOut.Error, 0.6, 0.7); // 1/0.6 − 1
    }

    [Fact]
    public void With_three_node_counts_the_held_out_is_predicted_by_the_line_through_the_other_two_and_says_so()
    {
        var axis = NodeCapacityAxis.Analyse([At(1, Truth), At(2, Truth), At(3, Truth)])!;

        Assert.Contains("least-squares line through 1, 2 node(s)", axis.HeldOutMethod);
        // The line through X(1) and X(2), at N = 3: X(2) + (X(2) − X(1)).
        Assert.Equal(2 * Truth.Throughput(2) - Truth.Throughput(1), axis.HeldOut!.Predicted, 3);
        Assert.NotNull(axis.Usl); // over all three counts (9 points) the USL fits, for the chart
    }

    [Fact]
    public void Repeated_searches_stand_for_their_node_count_by_their_median_and_report_their_spread()
    {
        // Three searches on 3 nodes: one slid far down (a transient failed its first trial), one came out high.
        var three = new SearchedNodeCapacity(3, [Search(3, Truth.Throughput(3)), Search(1, Truth.Throughput(3) * 0.4), Search(4, Truth.Throughput(3) * 1.1)]);

        var axis = NodeCapacityAxis.Analyse([At(1, Truth), At(2, Truth), three])!;

        Assert.Equal(Truth.Throughput(3), three.OpsPerSecond, 6);
        Assert.Equal(3, three.PassedLoad); // the median search's own interval, not a mix of the three
        Assert.Equal((Truth.Throughput(3) * 0.4, Truth.Throughput(3) * 1.1), three.Spread);
        Assert.Equal(Truth.Throughput(3), axis.HeldOut!.Measured, 6);
        Assert.Contains("the median of 3 searches on 3 nodes", axis.HeldOut.Basis);
    }

    [Fact]
    public void A_search_that_slid_down_on_a_smaller_count_does_not_move_the_prediction_of_the_held_out_one()
    {
        var steady = NodeCapacityAxis.Analyse([At(1, Truth), At(2, Truth), At(3, Truth)])!;
        var twoWithOutlier = new SearchedNodeCapacity(2, [At(2, Truth).Median, Search(1, Truth.Throughput(2) * 0.3), At(2, Truth).Median with { PassedLoad = 2.1 }]);

        var withOutlier = NodeCapacityAxis.Analyse([At(1, Truth), twoWithOutlier, At(3, Truth)])!;

        Assert.Equal(steady.HeldOut!.Predicted, withOutlier.HeldOut!.Predicted, 6);
    }

    private static NodeSearch Search(double passed, double opsPerSecond) => new(passed, passed * 1.05, [opsPerSecond]);

    [Fact]
    public void One_node_count_has_no_axis()
    {
        Assert.Null(NodeCapacityAxis.Analyse([At(1, Truth)]));
    }

    /// <summary>1 and 2 nodes as the run of 2026-12-07 00:25 searched them: passed 512 and failed 534.7 (4.4 % above),
    /// passed 724.1 and failed 756.1.</summary>
    private static readonly SearchedNodeCapacity OneNode = new(1, 512, 534.7, [167_002]);

    private static readonly SearchedNodeCapacity TwoNodes = new(2, 724.1, 756.1, [236_196]);

    [Fact]
    public void The_searches_intervals_bound_the_line_prediction_and_the_held_out_measurement()
    {
        // The line X(3) = 2·X(2) − X(1) is highest with X(2) at its upper end and lowest with X(1) at its. 3 nodes measured
        // 369,985 that run.
        var axis = NodeCapacityAxis.Analyse([OneNode, TwoNodes, new SearchedNodeCapacity(3, 1_134.2, 1_184.4, [369_985])])!;

        var (low, high) = axis.PredictedRange!.Value;
        Assert.Equal(2 * 236_196 - 167_002 * 534.7 / 512, low, 3);
        Assert.Equal(2 * 236_196 * 756.1 / 724.1 - 167_002, high, 3);
        Assert.Equal((369_985, 369_985 * 1_184.4 / 1_134.2), axis.MeasuredRange!.Value);
        Assert.Equal(1.5, axis.Reach);
        Assert.False(axis.WithinSearchResolution); // about 297,996–326,304 against 369,985–386,366
        Assert.False(axis.HeldOut!.Hit);
    }

    [Fact]
    public void Ranges_that_overlap_are_within_the_searches_resolution()
    {
        // The line puts 3 nodes at about 297,996–326,304; measured between 320,000 (passed at load factor 1,000) and
        // 352,000 (failed at 1,100).
        var axis = NodeCapacityAxis.Analyse([OneNode, TwoNodes, new SearchedNodeCapacity(3, 1_000, 1_100, [320_000])])!;

        Assert.True(axis.WithinSearchResolution);
    }

    /// <summary>One search on <paramref name="n"/> nodes at <paramref name="ops"/> ops/s, its busiest node holding
    /// <paramref name="share"/> of the cameras.</summary>
    private static SearchedNodeCapacity Placed(int n, double ops, double? share) =>
        new(n, [new NodeSearch(n * 100, n * 105, [ops], share)]);

    [Fact]
    public void By_the_busiest_node_the_held_out_count_carries_what_the_two_node_clusters_busiest_node_carried_over_its_own_share()
    {
        // Two nodes carried 236,000 ops/s with the busier node on 53 % of the cameras; three nodes place 37 % on the busiest.
        var axis = NodeCapacityAxis.Analyse([Placed(1, 190_000, 1), Placed(2, 236_000, 0.53), Placed(3, 311_000, 0.37)])!;

        var check = axis.BusiestNodeCheck!;
        Assert.Equal(236_000 * 0.53 / 0.37, check.Predicted, 6);
        Assert.Equal(311_000, check.Measured);
        Assert.True(check.Hit, check.Describe()); // +8.7 %
        Assert.Contains("X(2) × s(2) / s(3)", check.Basis);
        // The line through 1 and 2 node(s) stays the held-out check the first lines judge by.
        Assert.Equal(2 * 236_000 - 190_000, axis.HeldOut!.Predicted, 6);
    }

    [Fact]
    public void A_held_out_count_whose_busiest_node_holds_more_than_the_fitted_ones_is_predicted_to_carry_less()
    {
        var even = NodeCapacityAxis.Analyse([Placed(1, 190_000, 1), Placed(2, 236_000, 0.5), Placed(3, 311_000, 1 / 3.0)])!;
        var lopsided = NodeCapacityAxis.Analyse([Placed(1, 190_000, 1), Placed(2, 236_000, 0.5), Placed(3, 311_000, 0.45)])!;

        Assert.Equal(1.5 * 236_000, even.BusiestNodeCheck!.Predicted, 6);
        Assert.True(lopsided.BusiestNodeCheck!.Predicted < even.BusiestNodeCheck.Predicted);
        Assert.False(lopsided.BusiestNodeCheck.Hit); // 262,222 against 311,000: −15.7 %
    }

    [Fact]
    public void Without_a_fitted_count_of_two_nodes_or_a_known_share_there_is_no_busiest_node_check()
    {
        Assert.Null(NodeCapacityAxis.Analyse([Placed(1, 190_000, 1), Placed(2, 236_000, 0.53)])!.BusiestNodeCheck);
        Assert.Null(NodeCapacityAxis.Analyse([Placed(1, 190_000, 1), Placed(2, 236_000, null), Placed(3, 311_000, 0.37)])!.BusiestNodeCheck);
        Assert.Null(NodeCapacityAxis.Analyse([Placed(1, 190_000, 1), Placed(2, 236_000, 0.53), Placed(3, 311_000, null)])!.BusiestNodeCheck);
    }
}
