using MonitorSim.Cluster.Protocol;
using MonitorSim.Harness.Runs;

namespace MonitorSim.Harness.Tests;

/// <summary>What a province run's report says its city → province hop figures leave out: never nothing silently.</summary>
public sealed class ProvinceHopGapsTests
{
    [Fact]
    public void A_city_whose_log_holds_every_hop_adds_no_line()
    {
        Assert.Empty(ProvinceReport.HopGaps("east", new ProvinceHops([5], [10], CityStarts: 1, Since: 1), measuredFrom: 3));
    }

    [Fact]
    public void Hops_past_the_cap_are_reported_with_how_many_of_how_many()
    {
        var line = Assert.Single(ProvinceReport.HopGaps("east", new ProvinceHops([5, 6], [10, 11], Clipped: 1_234, CityStarts: 1), measuredFrom: 0));

        Assert.Contains("1,234 of 1,236 acknowledged alarms", line);
        Assert.Contains("NOT in the percentiles", line);
    }

    [Fact]
    public void Alarms_never_acknowledged_a_restarted_city_and_a_city_that_moved_node_each_get_their_line()
    {
        var lines = ProvinceReport.HopGaps("west", new ProvinceHops([], [], Unacknowledged: 3, CityStarts: 3, Since: 500), measuredFrom: 100).ToList();

        Assert.Equal(3, lines.Count);
        Assert.Contains(lines, l => l.Contains("passed up 3 alarms the province had not acknowledged", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("restarted 2 time(s)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("moved to another node", StringComparison.Ordinal));
    }
}
