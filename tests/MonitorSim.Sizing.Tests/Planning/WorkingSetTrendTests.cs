using MonitorSim.Sizing.Planning;

namespace MonitorSim.Sizing.Tests.Planning;

/// <summary>
/// A sizing series tells whether its trials leave memory behind: at a given load the working set after a trial should not
/// depend on how many trials ran before it, since each starts from a compacted heap. A series in which it climbs trial
/// after trial is named in the report; one whose working set only follows its load is not.
/// </summary>
public sealed class WorkingSetTrendTests
{
    // A search's order of loads: doubling to a failure, then bisecting and repeating near the boundary.
    private static readonly double[] SearchLoads = [32, 64, 128, 256, 512, 1024, 724, 861, 790, 756, 790, 825, 861, 939, 899, 899, 861, 825];

    private static List<StepMeasurement> Series(Func<int, double, double> workingSetMb) =>
        SearchLoads.Select((load, k) => Steps.Step(k + 1, load, load * 300) with
        {
            WorkingSetMb = workingSetMb(k, load) + (k % 2 == 0 ? 4 : -4), // the allocator's noise between trials
        }).ToList();

    [Fact]
    public void A_series_that_keeps_40_MB_of_every_trial_is_named_with_its_growth()
    {
        var trend = WorkingSetTrend.Fit(Series((k, load) => 450 + 0.2 * load + 40 * k))!;

        Assert.InRange(trend.GrowthMbPerTrial, 38, 42);
        Assert.True(trend.Grew);
        var note = trend.Note("2 nodes")!;
        Assert.StartsWith("2 nodes: the coordinator's working set grew 40.", note, StringComparison.Ordinal);
        Assert.Contains($"over {SearchLoads.Length} trials", note, StringComparison.Ordinal);
    }

    [Fact]
    public void A_working_set_that_follows_the_load_alone_is_not_growth_though_the_later_heavier_trials_are_larger()
    {
        var steps = Series((_, load) => 250 + 0.5 * load);
        Assert.True(steps[^1].WorkingSetMb > steps[0].WorkingSetMb + 300);

        var trend = WorkingSetTrend.Fit(steps)!;

        Assert.False(trend.Grew, $"growth {trend.GrowthMbPerTrial:0.0} ± {trend.StandardErrorMb:0.0} MB a trial");
        Assert.Null(trend.Note("1 node"));
    }

    [Fact]
    public void A_few_MB_a_trial_is_not_named_even_when_it_is_steady()
    {
        var trend = WorkingSetTrend.Fit(Series((k, load) => 400 + 0.2 * load + 2 * k))!;

        Assert.True(trend.GrowthMbPerTrial > WorkingSetTrend.SignificantStandardErrors * trend.StandardErrorMb, "the 2 MB a trial stands out of the noise");
        Assert.False(trend.Grew, "34 MB over the series is under a quarter of 400 MB");
    }

    [Fact]
    public void A_series_at_one_load_is_judged_on_its_order_alone()
    {
        var steps = Enumerable.Range(0, 8).Select(k => Steps.Step(k + 1, 500, 150_000) with { WorkingSetMb = 300 + 30 * k }).ToList();

        Assert.True(WorkingSetTrend.Fit(steps)!.Grew);
    }

    [Fact]
    public void Too_few_trials_or_loads_that_rise_with_the_order_in_step_give_no_verdict()
    {
        var few = Series((k, load) => 450 + 40 * k).Take(WorkingSetTrend.MinTrials - 1).ToList();
        var inStep = Enumerable.Range(0, 10).Select(k => Steps.Step(k + 1, 100 + 50 * k, 1000) with { WorkingSetMb = 300 + 30 * k }).ToList();

        Assert.Null(WorkingSetTrend.Fit(few));
        Assert.Null(WorkingSetTrend.Fit(inStep));
    }
}
