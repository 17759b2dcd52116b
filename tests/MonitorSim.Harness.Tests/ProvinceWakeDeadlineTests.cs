using MonitorSim.Cluster.Hosting;
using MonitorSim.Domain.Topology;
using MonitorSim.Harness.Session;

namespace MonitorSim.Harness.Tests;

/// <summary>Across nodes a province's cities wake side by side on the same workers, so each city may take as long as the
/// whole province's tree would: a small city beside twelve large ones wakes at a share of the CPU.</summary>
public sealed class ProvinceWakeDeadlineTests
{
    [Fact]
    public void Every_city_waking_beside_the_others_gets_the_deadline_of_the_whole_provinces_entities_not_its_own()
    {
        var province = ProvinceTopology.Build(
        [
            new CitySpec("suzhou", new TopologySpec(40, 2_600, 15_000, 0, 0)),
            new CitySpec("zhenjiang", new TopologySpec(10, 650, 3_800, 0, 0)),
        ], 42);

        var deadline = ProvinceAcrossNodes.WakeDeadline(province);

        Assert.Equal(TreeNodeOptions.StartDeadline(40 + 2_600 + 10 + 650), deadline);
        Assert.True(deadline > TreeNodeOptions.StartDeadline(10 + 650), $"{deadline} is no longer than the small city's own deadline");
    }
}
