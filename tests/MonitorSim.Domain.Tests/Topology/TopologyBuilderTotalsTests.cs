using MonitorSim.Domain.Topology;

namespace MonitorSim.Domain.Tests.Topology;

/// <summary>The builder hits the spec's totals exactly and leaves no platform or point empty.</summary>
public sealed class TopologyBuilderTotalsTests
{
    [Fact]
    public void Default_spec_builds_45_platforms_3108_points_17932_cameras_450_centres_and_2450_posts()
    {
        var t = TopologyBuilder.Build(TopologySpec.Xuzhou, 42);

        Assert.Equal(45, t.Platforms.Count);
        Assert.Equal(3_108, t.Points.Count);
        Assert.Equal(17_932, t.CameraCount);
        Assert.Equal(450, t.CoHandling.Count(u => u.IsCentre));
        Assert.Equal(2_450, t.CoHandling.Count(u => !u.IsCentre));
        Assert.Equal(11, t.Divisions.Count);
        Assert.Equal("xz", t.City);
        Assert.Same(TopologySpec.Xuzhou, t.Spec);
        Assert.Equal(42, t.Seed);
    }

    [Theory]
    [MemberData(nameof(TopologySpecs.Valid), MemberType = typeof(TopologySpecs))]
    public void Totals_are_exact_for_any_valid_spec(int platforms, int points, int cameras, int centres, int posts)
    {
        var t = TopologyBuilder.Build(TopologySpecs.Of(platforms, points, cameras, centres, posts), 7);

        Assert.Equal(platforms, t.Platforms.Count);
        Assert.Equal(points, t.Points.Count);
        Assert.Equal(cameras, t.CameraCount);
        Assert.Equal(points, t.Platforms.Sum(p => p.PointCount));
        Assert.Equal(cameras, t.Platforms.Sum(p => p.CameraCount));
        Assert.Equal(cameras, t.Points.Sum(p => p.CameraCount));
        Assert.Equal(centres, t.CoHandling.Count(u => u.IsCentre));
        Assert.Equal(posts, t.CoHandling.Count(u => !u.IsCentre));
    }

    [Theory]
    [MemberData(nameof(TopologySpecs.Valid), MemberType = typeof(TopologySpecs))]
    public void Every_platform_has_a_point_and_every_point_a_camera(int platforms, int points, int cameras, int centres, int posts)
    {
        var t = TopologyBuilder.Build(TopologySpecs.Of(platforms, points, cameras, centres, posts), 11);

        Assert.All(t.Platforms, p => Assert.True(p.PointCount >= 1, $"{p.Path} has no point"));
        Assert.All(t.Points, p => Assert.True(p.CameraCount >= 1, $"{p.Path} has no camera"));
    }

    [Fact]
    public void Three_platforms_ten_points_and_twenty_five_cameras_split_exactly()
    {
        var t = TopologyBuilder.Build(new TopologySpec(3, 10, 25, 0, 0), 42);

        Assert.Equal([3, 10, 25], new[] { t.Platforms.Count, t.Points.Count, t.CameraCount });
        Assert.Equal(10, t.Platforms.Sum(p => p.PointCount));
        Assert.Equal(25, t.Points.Sum(p => p.CameraCount));
    }

    [Fact]
    public void Smallest_city_is_one_platform_with_one_point_and_one_camera()
    {
        var t = TopologyBuilder.Build(new TopologySpec(1, 1, 1, 0, 0), 42);

        var platform = Assert.Single(t.Platforms);
        var point = Assert.Single(t.Points);
        Assert.Equal(1, t.CameraCount);
        Assert.Equal(1, platform.PointCount);
        Assert.Equal(1, point.CameraCount);
        Assert.Empty(t.CoHandling);
        Assert.Equal($"{point.Path}/cam0", t.PathOf(new CameraId(0)));
    }
}
