using MonitorSim.Cluster.Protocol;

namespace MonitorSim.Cluster.Tests;

/// <summary>Two views of one catalog (the city's own and the province's copy) compared item by item.</summary>
public sealed class CatalogViewTests
{
    [Fact]
    public void Views_that_agree_on_every_camera_differ_in_no_item()
    {
        var city = new CatalogView(130, 2, [0b101UL, 0UL, 0UL]);

        Assert.Equal(0, city.ItemsDifferingFrom(new CatalogView(130, 2, [0b101UL, 0UL, 0UL])));
    }

    [Fact]
    public void Each_camera_whose_status_differs_counts_once_wherever_it_sits()
    {
        var city = new CatalogView(130, 2, [0b101UL, 0UL, 1UL << 1]);
        var province = new CatalogView(130, 2, [0b110UL, 0UL, 0UL]);

        Assert.Equal(3, city.ItemsDifferingFrom(province));
    }

    [Fact]
    public void Views_of_different_sizes_differ_in_every_item_of_the_larger()
    {
        Assert.Equal(200, new CatalogView(130, 0, new ulong[3]).ItemsDifferingFrom(new CatalogView(200, 0, new ulong[4])));
    }
}
