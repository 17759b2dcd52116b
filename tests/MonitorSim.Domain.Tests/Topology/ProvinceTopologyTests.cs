using MonitorSim.Domain.Topology;

namespace MonitorSim.Domain.Tests.Topology;

public sealed class ProvinceTopologyTests
{
    private static readonly CitySpec[] Cities =
    [
        new("xuzhou", new TopologySpec(4, 24, 120, 2, 4)),
        new("nanjing", new TopologySpec(3, 18, 90, 0, 0)),
        new("suzhou", new TopologySpec(3, 18, 90, 2, 4)),
    ];

    [Fact]
    public void The_province_lays_its_cities_end_to_end_and_each_is_built_as_it_would_be_alone()
    {
        var p = ProvinceTopology.Build(Cities, 42);

        Assert.Equal((10, 60, 300, 12), (p.Whole.Platforms.Count, p.Whole.Points.Count, p.Whole.CameraCount, p.Whole.CoHandling.Count));
        Assert.Equal(TopologyBuilder.Fingerprint(TopologyBuilder.Build(Cities[1].Topology, 43)), TopologyBuilder.Fingerprint(p.Cities[1]));
        // Nanjing's first platform follows Xuzhou's four, its cameras Xuzhou's 120, and its paths start with its name.
        var first = p.Whole.Platforms[4];
        Assert.Equal((4, 120, 24), (first.Id.Value, first.FirstCamera.Value, first.FirstPoint.Value));
        Assert.StartsWith("nanjing/", first.Path, StringComparison.Ordinal);
        Assert.All(p.Whole.Points, pt => Assert.Equal(p.Whole.PlatformOf(pt.Id), pt.Platform));
    }

    [Fact]
    public void A_province_wide_number_maps_back_to_its_city_and_its_number_there()
    {
        var p = ProvinceTopology.Build(Cities, 42);

        Assert.Equal((0, 119), (p.CameraIn(new CameraId(119)).City, p.CameraIn(new CameraId(119)).Camera.Value));
        Assert.Equal((1, 0), (p.CameraIn(new CameraId(120)).City, p.CameraIn(new CameraId(120)).Camera.Value));
        Assert.Equal((2, 89), (p.CameraIn(new CameraId(299)).City, p.CameraIn(new CameraId(299)).Camera.Value));
        Assert.Equal((2, 0), (p.PointIn(new PointId(42)).City, p.PointIn(new PointId(42)).Point.Value));
        // Nanjing has no co-handling units: unit 6 is Suzhou's first.
        Assert.Equal((2, 0), p.CoHandlingIn(6));
        Assert.Equal((0, 5), p.CoHandlingIn(5));
        Assert.Equal(new CameraId(210), p.CameraOf(2, new CameraId(0)));
        for (var c = 0; c < p.Whole.CameraCount; c++)
        {
            var (k, local) = p.CameraIn(new CameraId(c));
            // The camera's point in the whole is its city's own point of it, in the same city.
            Assert.Equal((k, p.Cities[k].PointOf(local)), p.PointIn(p.Whole.PointOf(new CameraId(c))));
        }
        Assert.Equal(-1, p.IndexOf("wuxi"));
        Assert.Equal(1, p.IndexOf("nanjing"));
    }
}
