using MonitorSim.Harness.Capacity;
using MonitorSim.Sizing.Search;

namespace MonitorSim.Harness.Tests;

/// <summary>Where the search on each cluster size starts: the first at the run's first load, each later one at a quarter of
/// a linear scale-out of the size before, so it skips the doublings up to it and still has light trials to predict from.</summary>
public sealed class NodeCountSearchTests
{
    private static readonly SearchSettings Run = new(StartLoad: 1, MaxLoad: 1000);

    [Fact]
    public void The_first_cluster_size_searches_from_the_runs_first_load()
    {
        Assert.Same(Run, SizeJob.NodeCountSearch(Run, 1, passedBefore: null));
    }

    [Fact]
    public void Two_nodes_after_one_that_carried_256_start_at_128_a_quarter_of_twice_256()
    {
        var search = SizeJob.NodeCountSearch(Run, 2, passedBefore: (1, 256));

        Assert.Equal(128, search.StartLoad, 9);
        Assert.Equal(Run.MinLoad, search.MinLoad);
        Assert.Equal((Run.Resolution, Run.BoundaryRepeats, Run.MaxLoad), (search.Resolution, search.BoundaryRepeats, search.MaxLoad));
        Assert.Null(search.Problem());
    }

    [Fact]
    public void A_guess_below_the_runs_first_load_keeps_the_first_load_and_one_above_the_ceiling_keeps_the_ceiling()
    {
        Assert.Equal(1, SizeJob.NodeCountSearch(Run, 3, passedBefore: (2, 0.8)).StartLoad);
        Assert.Equal(1000, SizeJob.NodeCountSearch(Run, 4, passedBefore: (1, 2000)).StartLoad);
    }
}
