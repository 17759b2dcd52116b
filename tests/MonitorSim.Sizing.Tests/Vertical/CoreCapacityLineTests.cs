using MonitorSim.Sizing.Vertical;

namespace MonitorSim.Sizing.Tests.Vertical;

/// <summary>
/// The line of capacity over cores: coefficients, standard errors, intervals and the fixed cost against values worked out
/// apart (by the normal equations and s²·(XᵀX)⁻¹ for the covariance, not the formulas the class uses; t quantiles from the
/// table: t(0.975, 2) = 4.3027, t(0.975, 1) = 12.706).
/// </summary>
public sealed class CoreCapacityLineTests
{
    /// <summary>A node carrying 100, 300, 650 and 1,000 ops/s at 0.25, 0.5, 1 and 1.5 cores.</summary>
    private static readonly (double, double)[] FourQuotas = [(0.25, 100), (0.5, 300), (1, 650), (1.5, 1000)];

    [Fact]
    public void Four_quotas_give_the_least_squares_line_with_its_standard_errors()
    {
        var line = CoreCapacityLine.Fit(FourQuotas);

        Assert.Equal(-68.64406779661017, line.Intercept, 9);
        Assert.Equal(715.2542372881356, line.SlopePerCore, 9);
        Assert.Equal(11.27469042004242, line.ResidualStandardError, 9);
        Assert.Equal(11.081946466628818, line.InterceptStandardError, 9);
        Assert.Equal(11.742717339450001, line.SlopeStandardError, 9);
        Assert.Equal(-112.03677104280354, line.Covariance, 8);
        Assert.Equal(2, line.DegreesOfFreedom);
        Assert.Equal(4.302652729749464, line.TQuantile, 9);
        Assert.Equal(0.9994612189920306, line.RSquared, 12);
    }

    [Fact]
    public void The_prediction_interval_at_sixteen_cores_is_the_line_plus_or_minus_t_times_a_new_measurements_standard_error()
    {
        var line = CoreCapacityLine.Fit(FourQuotas);

        Assert.Equal(11375.423728813561, line.OpsPerSecondAt(16), 8);
        var (low, high) = line.PredictionInterval(16);
        Assert.Equal(10606.16341514762, low, 6);
        Assert.Equal(12144.684042479503, high, 6);
    }

    [Fact]
    public void The_fixed_cost_is_where_the_line_meets_zero_with_its_delta_method_standard_error()
    {
        var line = CoreCapacityLine.Fit(FourQuotas);

        Assert.Equal(0.09597156398104265, line.FixedCostCores, 12);
        Assert.Equal(0.01415989782754435, line.FixedCostStandardError, 9);
    }

    [Fact]
    public void Points_exactly_on_a_line_give_it_back_with_no_scatter()
    {
        // X = 800·(c − 0.2): a node with a fixed cost of 0.2 cores.
        var line = CoreCapacityLine.Fit([(0.5, 240), (1, 640), (1.5, 1040), (2, 1440)]);

        Assert.Equal(-160, line.Intercept, 9);
        Assert.Equal(800, line.SlopePerCore, 9);
        Assert.Equal(0.2, line.FixedCostCores, 12);
        Assert.Equal(0, line.ResidualStandardError, 9);
        Assert.Equal(1, line.RSquared, 12);
    }

    [Fact]
    public void Two_quotas_determine_the_line_but_leave_no_standard_error_or_interval()
    {
        var line = CoreCapacityLine.Fit([(0.5, 300), (1, 650)]);

        Assert.Equal(-50, line.Intercept, 9);
        Assert.Equal(700, line.SlopePerCore, 9);
        Assert.Equal(0, line.DegreesOfFreedom);
        Assert.True(double.IsNaN(line.SlopeStandardError));
        var (low, high) = line.PredictionInterval(16);
        Assert.True(double.IsNaN(low) && double.IsNaN(high));
    }

    [Fact]
    public void One_quota_or_one_core_count_repeated_cannot_make_a_line()
    {
        Assert.Throws<ArgumentException>(() => CoreCapacityLine.Fit([(1, 650)]));
        Assert.Throws<ArgumentException>(() => CoreCapacityLine.Fit([(1, 650), (1, 640)]));
    }

    [Fact]
    public void A_line_that_does_not_rise_has_no_fixed_cost()
    {
        var line = CoreCapacityLine.Fit([(0.5, 500), (1, 480), (1.5, 470)]);

        Assert.True(line.SlopePerCore < 0);
        Assert.True(double.IsNaN(line.FixedCostCores));
    }
}
