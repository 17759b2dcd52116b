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
        var axis = NodeCapacityAxis.Analyse([At(1, Truth), At(2, Truth), At(3, Truth), At(4, Truth) with { CompletedPerSecond = [Truth.Throughput(4) * 0.6] }])!;

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
    public void One_node_count_has_no_axis()
    {
        Assert.Null(NodeCapacityAxis.Analyse([At(1, Truth)]));
    }
}
