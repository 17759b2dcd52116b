using MonitorSim.Harness.Capacity;
using MonitorSim.Sizing.Search;

namespace MonitorSim.Harness.Tests;

/// <summary>Where the vertical axis's search at each quota starts, and how far down it goes before the quota counts as
/// not carrying the topology.</summary>
public sealed class VerticalSearchTests
{
    private static readonly SearchSettings Run = new(StartLoad: 1, MaxLoad: 100);

    [Fact]
    public void The_first_quota_starts_at_the_runs_first_load_and_gives_up_sixteen_times_below_it()
    {
        var search = SizeJob.VerticalSearch(Run, 0.25, previous: null);

        Assert.Equal(1, search.StartLoad);
        Assert.Equal(1.0 / 16, search.MinLoad);
        Assert.Equal(Run.Resolution, search.Resolution);
        Assert.Equal(Run.BoundaryRepeats, search.BoundaryRepeats);
    }

    [Fact]
    public void A_later_quota_starts_at_the_previous_capacity_scaled_by_the_ratio_of_the_quotas()
    {
        // A quarter core passed load factor 22.6: half a core starts at 45.2, and gives up below 45.2 / 16.
        var search = SizeJob.VerticalSearch(Run, 0.5, previous: (0.25, 22.6));

        Assert.Equal(45.2, search.StartLoad, 9);
        Assert.Equal(45.2 / 16, search.MinLoad, 9);
        Assert.Null(search.Problem());
    }

    [Fact]
    public void A_scaled_start_above_the_ceiling_starts_at_the_ceiling()
    {
        var search = SizeJob.VerticalSearch(Run, 1.5, previous: (0.5, 64));

        Assert.Equal(100, search.StartLoad);
        Assert.Null(search.Problem());
    }
}
