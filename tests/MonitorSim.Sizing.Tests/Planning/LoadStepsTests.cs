using MonitorSim.Sizing.Planning;
using static MonitorSim.Sizing.Tests.Planning.Steps;

namespace MonitorSim.Sizing.Tests.Planning;

public sealed class LoadStepsTests
{
    private static readonly LoadSteps Series = new(Start: 1, Ratio: 2, MaxSteps: 8);

    [Fact]
    public void Load_factors_grow_geometrically_from_the_start()
    {
        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 128], Series.Factors());
        Assert.Equal(4.5 * 1.5 * 1.5, new LoadSteps(4.5, 1.5, 6).FactorOf(3), 9);
    }

    [Fact]
    public void Steps_go_on_while_the_slo_holds_and_throughput_keeps_growing()
    {
        var done = Enumerable.Range(1, 6).Select(i => Step(i, Series.FactorOf(i), 100 * Series.FactorOf(i))).ToList();

        Assert.Null(Series.StopReason(done));
    }

    [Fact]
    public void A_broken_slo_ends_the_steps_and_says_which_objective_broke()
    {
        var done = Enumerable.Range(1, 4).Select(i => Step(i, Series.FactorOf(i), 100 * Series.FactorOf(i))).ToList();
        done.Add(Step(5, 16, 1600, sloHeld: false, alarmP99: 400));

        var reason = Series.StopReason(done);

        Assert.NotNull(reason);
        Assert.Contains("SLO broke at load factor 16", reason);
        Assert.Contains("alarm.p99 < 250ms: 400", reason);
    }

    [Fact]
    public void Throughput_growing_less_than_five_percent_over_a_step_ends_the_steps_as_saturated()
    {
        var done = Enumerable.Range(1, 4).Select(i => Step(i, Series.FactorOf(i), 100 * Series.FactorOf(i))).ToList();
        done.Add(Step(5, 16, 800 * 1.04)); // offered doubled, completed grew 4 %

        Assert.Contains("saturated", Series.StopReason(done));
    }

    [Fact]
    public void Throughput_growing_five_percent_or_more_does_not_end_the_steps()
    {
        var done = Enumerable.Range(1, 4).Select(i => Step(i, Series.FactorOf(i), 100 * Series.FactorOf(i))).ToList();
        done.Add(Step(5, 16, 800 * 1.06));

        Assert.Null(Series.StopReason(done));
    }

    [Fact]
    public void The_steps_never_end_before_five_so_the_usl_can_be_fitted_with_one_held_out()
    {
        var done = new List<StepMeasurement> { Step(1, 1, 100), Step(2, 2, 100, sloHeld: false) };

        Assert.Null(Series.StopReason(done));
    }

    [Fact]
    public void The_maximum_step_count_ends_the_steps_whatever_else()
    {
        var done = Enumerable.Range(1, 8).Select(i => Step(i, Series.FactorOf(i), 100 * Series.FactorOf(i))).ToList();

        Assert.Contains("maximum of 8 steps", Series.StopReason(done));
    }

    [Theory]
    [InlineData(0, 2, 8, "first load factor")]
    [InlineData(1, 1, 8, "ratio")]
    [InlineData(1, 2, 4, "at least 5 steps")]
    [InlineData(1, 2, 41, "at most 40")]
    public void A_series_that_cannot_find_a_knee_is_refused(double start, double ratio, int max, string expected)
    {
        Assert.Contains(expected, new LoadSteps(start, ratio, max).Problem());
    }
}
