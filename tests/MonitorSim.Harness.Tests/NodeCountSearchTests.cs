using MonitorSim.Harness.Capacity;
using MonitorSim.Sizing.Search;

namespace MonitorSim.Harness.Tests;

/// <summary>Where the search on each cluster size starts: the first at the run's first load, each later one at a quarter of
/// a linear scale-out of the size before, or lower, at half an earlier size's heaviest light load scaled the same way, so
/// it skips the doublings up to it and still has light trials to predict from.</summary>
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

    [Fact]
    public void Under_small_quotas_the_start_keeps_two_light_loads_below_half_the_cpu()
    {
        // One node of 0.4 cores carried 449.6 and was light (below 0.2 cores) up to load factor 8: 2 nodes start at 8, half
        // of 16, not at 224.8, a quarter of 899.2, where they were busy 0.73 of their 0.8 cores (2026-12-05).
        Assert.Equal(8, SizeJob.NodeCountSearch(Run, 2, passedBefore: (1, 449.6), lightBefore: (1, 8)).StartLoad, 9);
        // The lower of the two: a light load that scales past the quarter leaves the quarter.
        Assert.Equal(128, SizeJob.NodeCountSearch(Run, 2, passedBefore: (1, 256), lightBefore: (1, 200)).StartLoad, 9);
        // Never below the run's first load.
        Assert.Equal(1, SizeJob.NodeCountSearch(Run, 2, passedBefore: (1, 256), lightBefore: (1, 0.5)).StartLoad, 9);
    }
}
