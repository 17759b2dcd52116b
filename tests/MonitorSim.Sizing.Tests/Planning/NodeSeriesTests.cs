using MonitorSim.Sizing.Planning;
using MonitorSim.Sizing.Search;
using static MonitorSim.Sizing.Tests.Planning.Steps;

namespace MonitorSim.Sizing.Tests.Planning;

/// <summary>What a cluster size's trials say its capacity is.</summary>
public sealed class NodeSeriesTests
{
    [Fact]
    public void The_capacity_is_measured_by_the_trials_that_held_the_slo_at_the_highest_passing_load_not_by_its_one_failure()
    {
        // Load factor 300 passed twice and failed once between (one failure, fewer than the two that fail a load); 320 failed.
        List<StepMeasurement> steps = [Step(1, 300, 99_000), Step(2, 300, 61_000, sloHeld: false), Step(3, 300, 101_000), Step(4, 320, 70_000, sloHeld: false), Step(5, 320, 69_000, sloHeld: false)];
        var search = new SearchResult(300, 320, true, "converged", []);

        var series = new NodeSeries(1, steps, "converged", search);

        Assert.Equal([1, 3], series.HeldAtPassedLoad.Select(s => s.Number));
    }

    [Fact]
    public void A_search_that_passed_no_load_has_no_capacity_trials()
    {
        var series = new NodeSeries(1, [Step(1, 1, 300, sloHeld: false)], "below", new SearchResult(null, 1, false, "below", []));

        Assert.Empty(series.HeldAtPassedLoad);
    }

    [Fact]
    public void A_load_that_broke_the_slo_once_and_held_on_its_recheck_stands_in_the_series_by_its_trial_that_held()
    {
        // A fresh node's first trial at load factor 1 broke the SLO; the search bisected below it and rechecked it (held).
        List<StepMeasurement> steps = [Step(1, 1, 330, sloHeld: false), Step(2, 0.5, 165), Step(3, 1, 331), Step(4, 2, 660)];

        var series = new NodeSeries(1, steps, "converged");

        Assert.Equal([2, 3, 4], series.ByLoad.Select(s => s.Number));
    }

    [Fact]
    public void A_load_that_broke_the_slo_more_often_than_it_held_stands_in_the_series_by_its_first_failure()
    {
        List<StepMeasurement> steps = [Step(1, 583, 190_000), Step(2, 583, 190_000, sloHeld: false), Step(3, 583, 190_000, sloHeld: false)];

        var series = new NodeSeries(1, steps, "converged");

        Assert.Equal(2, Assert.Single(series.ByLoad).Number);
    }
}
