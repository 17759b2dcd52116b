using MonitorSim.Sizing.Vertical;

namespace MonitorSim.Sizing.Tests.Vertical;

/// <summary>Capacity against cores on one node: the held-out largest quota, the production extrapolation and its ratio.</summary>
public sealed class CoreCapacityAxisTests
{
    private static QuotaCapacity At(double cores, double ops) => new(cores, cores * 10, cores * 10.5, [ops * 0.99, ops, ops * 1.01]);

    private static readonly QuotaCapacity[] FourQuotas = [At(0.25, 100), At(0.5, 300), At(1, 650), At(1.5, 1000)];

    [Fact]
    public void The_largest_quota_is_predicted_by_the_line_through_the_smaller_ones_and_checked_with_its_error()
    {
        var axis = CoreCapacityAxis.Analyse(FourQuotas, 16);

        // The line through 0.25, 0.5 and 1 cores at 1.5: 1,017.86 ops/s against the 1,000 measured: +1.8 %.
        var held = axis.HeldOut!;
        Assert.Equal(1017.8571428571429, held.Predicted, 8);
        Assert.Equal(1000, held.Measured, 9);
        Assert.Equal(0.017857142857142794, held.Error, 9);
        Assert.True(held.Hit);
        Assert.Contains("the line through 0.25, 0.5, 1 cores", axis.HeldOutMethod);
        // Its 95 % prediction interval has one degree of freedom: t(0.975, 1) = 12.706.
        var (low, high) = axis.HeldOutInterval!.Value;
        Assert.Equal(669.2921054256562, low, 6);
        Assert.Equal(1366.4221802886295, high, 6);
        Assert.True(axis.HeldOutInsideInterval);
    }

    [Fact]
    public void A_largest_quota_that_falls_off_the_line_misses_its_target()
    {
        var axis = CoreCapacityAxis.Analyse([.. FourQuotas[..3], At(1.5, 600)], 16);

        Assert.False(axis.HeldOut!.Hit);
        Assert.Equal(1017.8571428571429 / 600 - 1, axis.HeldOut.Error, 9);
        Assert.False(axis.HeldOutInsideInterval); // 600 is below the interval's 669
    }

    [Fact]
    public void The_production_node_is_extrapolated_from_every_quota_with_the_ratio_and_interval_stated()
    {
        var axis = CoreCapacityAxis.Analyse(FourQuotas, 16);

        var production = axis.Production!;
        Assert.Equal(16 / 1.5, production.Ratio, 12);
        Assert.Equal("16 cores is 10.7× the largest measured quota (1.5 cores)", production.RatioText());
        Assert.Equal(11375.423728813561, production.OpsPerSecond, 8);
        Assert.Equal(10606.16341514762, production.Low, 6);
        Assert.Equal(12144.684042479503, production.High, 6);
        Assert.Equal(0.09597156398104265, axis.Line!.FixedCostCores, 12);
    }

    [Fact]
    public void A_quota_that_carried_nothing_is_listed_but_left_out_of_the_line()
    {
        var none = new QuotaCapacity(0.25, null, 0.0625, [], "every trial failed down to load factor 0.0625");
        var axis = CoreCapacityAxis.Analyse([none, .. FourQuotas[1..]], 16);

        Assert.Equal(4, axis.Measured.Count);
        Assert.Equal([0.5, 1, 1.5], axis.Carrying.Select(q => q.Cores));
        Assert.Equal(3, axis.Line!.Points);
        // Two quotas left for the held-out fit: the line through them has no degree of freedom, so no interval.
        Assert.Contains("the line through 0.5, 1 cores", axis.HeldOutMethod);
        Assert.Null(axis.HeldOutInterval);
    }

    [Fact]
    public void With_two_carrying_quotas_the_larger_is_predicted_by_proportion_and_the_production_node_has_no_interval()
    {
        var axis = CoreCapacityAxis.Analyse([At(0.5, 300), At(1, 650)], 16);

        Assert.Equal(600, axis.HeldOut!.Predicted, 9);
        Assert.Contains("proportional scaling from 0.5 cores", axis.HeldOutMethod);
        Assert.False(axis.Production!.HasInterval);
    }

    [Fact]
    public void Fewer_than_two_carrying_quotas_make_no_line_and_say_why()
    {
        var axis = CoreCapacityAxis.Analyse([At(1, 650), new QuotaCapacity(0.25, null, 0.1, [], "failed")], 16);

        Assert.Null(axis.Line);
        Assert.Null(axis.HeldOut);
        Assert.Null(axis.Production);
        Assert.Contains("1 quota(s) carried the topology", axis.Problem);
    }
}
