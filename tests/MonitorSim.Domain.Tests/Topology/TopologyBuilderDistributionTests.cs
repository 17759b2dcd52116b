using MonitorSim.Domain.Topology;

namespace MonitorSim.Domain.Tests.Topology;

/// <summary>The default tree is skewed the way real deployments are: big halls, tiny village stations.</summary>
public sealed class TopologyBuilderDistributionTests
{
    private static int Median(IEnumerable<int> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    [Theory]
    [InlineData(42)]
    [InlineData(1)]
    [InlineData(2024)]
    public void Cameras_per_point_and_points_per_platform_are_skewed(int seed)
    {
        var t = TopologyBuilder.Build(TopologySpec.Xuzhou, seed);

        var cameras = t.Points.Select(p => p.CameraCount).ToArray();
        Assert.True(cameras.Max() >= 5 * Median(cameras), $"max {cameras.Max()} < 5 × median {Median(cameras)}");
        var points = t.Platforms.Select(p => p.PointCount).ToArray();
        Assert.True(points.Max() >= 2 * points.Min(), $"max {points.Max()} < 2 × min {points.Min()}");
    }

    [Fact]
    public void Village_stations_are_the_commonest_point_and_have_one_or_two_cameras()
    {
        var t = TopologyBuilder.Build(TopologySpec.Xuzhou, 42);

        var byKind = t.Points.GroupBy(p => p.Kind).ToDictionary(g => g.Key, g => g.ToArray());
        var villages = byKind[PointKind.VillageStation];
        Assert.True(villages.Length > t.Points.Count / 2, $"only {villages.Length} village stations");
        Assert.All(villages, v => Assert.InRange(v.CameraCount, 1, 2));
        Assert.True(byKind[PointKind.TownCentre].Length >= 100);
    }

    [Fact]
    public void Service_halls_have_dozens_of_cameras_and_every_county_level_division_has_a_few()
    {
        var t = TopologyBuilder.Build(TopologySpec.Xuzhou, 42);

        var halls = t.Points.Where(p => p.Kind == PointKind.ServiceHall).ToArray();
        Assert.True(Median(halls.Select(h => h.CameraCount)) >= 24, "a service hall should have dozens of cameras");
        for (var d = 0; d < 10; d++)
        {
            var inDivision = halls.Count(h => t.Platforms[h.Platform.Value].Division == d);
            Assert.InRange(inDivision, 1, 4);
        }
    }

    [Fact]
    public void Department_offices_sit_mostly_under_city_departments()
    {
        var t = TopologyBuilder.Build(TopologySpec.Xuzhou, 42);

        var offices = t.Points.Where(p => p.Kind == PointKind.DepartmentOffice).ToArray();
        var underCity = offices.Count(o => t.Platforms[o.Platform.Value].Division == 10);
        Assert.True(underCity > offices.Length / 2, $"{underCity} of {offices.Length} offices under city departments");
        var cityPoints = t.Points.Where(p => t.Platforms[p.Platform.Value].Division == 10).ToArray();
        Assert.True(cityPoints.Count(p => p.Kind == PointKind.DepartmentOffice) >= cityPoints.Length * 9 / 10);
    }

    [Fact]
    public void Co_handling_centres_prefer_halls_and_town_centres_and_posts_follow_venue_size()
    {
        var t = TopologyBuilder.Build(TopologySpec.Xuzhou, 42);

        var centres = t.CoHandling.Where(u => u.IsCentre).Select(u => t.Points[u.At.Value]).ToArray();
        var atHallOrTown = centres.Count(p => p.Kind is PointKind.ServiceHall or PointKind.TownCentre);
        Assert.True(atHallOrTown >= centres.Length * 6 / 10, $"only {atHallOrTown} of {centres.Length} centres at halls or town centres");

        // A size-weighted draw lands on bigger points than the average point.
        var posts = t.CoHandling.Where(u => !u.IsCentre).Select(u => t.Points[u.At.Value].CameraCount).ToArray();
        var meanPerPoint = (double)t.CameraCount / t.Points.Count;
        Assert.True(posts.Average() > 2 * meanPerPoint, $"posts sit at points averaging {posts.Average():F1} cameras");
    }
}
