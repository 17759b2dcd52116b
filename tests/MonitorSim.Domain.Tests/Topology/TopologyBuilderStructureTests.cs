using System.Text.RegularExpressions;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Domain.Tests.Topology;

/// <summary>Ids are dense contiguous ranges and names are paths built from them.</summary>
public sealed class TopologyBuilderStructureTests
{
    [Theory]
    [MemberData(nameof(TopologySpecs.Valid), MemberType = typeof(TopologySpecs))]
    public void Id_ranges_are_contiguous_and_agree_with_PointOf_and_PlatformOf(
        int platforms, int points, int cameras, int centres, int posts)
    {
        var t = TopologyBuilder.Build(TopologySpecs.Of(platforms, points, cameras, centres, posts), 42);

        var nextPoint = 0;
        var nextCamera = 0;
        for (var p = 0; p < t.Platforms.Count; p++)
        {
            var platform = t.Platforms[p];
            Assert.Equal(p, platform.Id.Value);
            Assert.Equal(nextPoint, platform.FirstPoint.Value);
            Assert.Equal(nextCamera, platform.FirstCamera.Value);
            var platformCameras = 0;
            for (var i = platform.FirstPoint.Value; i < platform.FirstPoint.Value + platform.PointCount; i++)
            {
                var point = t.Points[i];
                Assert.Equal(i, point.Id.Value);
                Assert.Equal(platform.Id, point.Platform);
                Assert.Equal(platform.Id, t.PlatformOf(point.Id));
                Assert.Equal(nextCamera, point.FirstCamera.Value);
                for (var c = point.FirstCamera.Value; c < point.FirstCamera.Value + point.CameraCount; c++)
                {
                    Assert.Equal(point.Id, t.PointOf(new CameraId(c)));
                    Assert.Equal(platform.Id, t.PlatformOf(new CameraId(c)));
                }

                nextCamera += point.CameraCount;
                platformCameras += point.CameraCount;
            }

            Assert.Equal(platformCameras, platform.CameraCount);
            nextPoint += platform.PointCount;
        }

        Assert.Equal(t.Points.Count, nextPoint);
        Assert.Equal(t.CameraCount, nextCamera);
    }

    [Fact]
    public void Paths_follow_the_city_division_platform_point_camera_scheme()
    {
        var t = TopologyBuilder.Build(TopologySpec.Xuzhou, 42);

        foreach (var platform in t.Platforms)
        {
            Assert.Equal($"xz/{t.Divisions[platform.Division].Slug}/p{platform.Id.Value:D2}", platform.Path);
            Assert.Matches(@"^xz/[a-z]+/p\d{2}$", platform.Path);
        }

        foreach (var point in t.Points)
        {
            Assert.Equal($"{t.Platforms[point.Platform.Value].Path}/pt{point.Id.Value:D4}", point.Path);
            Assert.Matches(@"^xz/[a-z]+/p\d{2}/pt\d{4}$", point.Path);
        }

        Assert.Equal("xz/gulou/p00/pt0000/cam0", t.PathOf(new CameraId(0)));
        var last = t.Points[^1];
        Assert.Equal($"{last.Path}/cam{last.CameraCount - 1}", t.PathOf(new CameraId(t.CameraCount - 1)));

        var all = t.Platforms.Select(p => p.Path).Concat(t.Points.Select(p => p.Path)).Concat(t.CoHandling.Select(u => u.Path));
        Assert.Equal(t.Platforms.Count + t.Points.Count + t.CoHandling.Count, all.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Divisions_are_Xuzhous_ten_county_level_divisions_and_the_city_departments()
    {
        var t = TopologyBuilder.Build(TopologySpec.Xuzhou, 42);

        Assert.Equal(
            ["gulou", "yunlong", "jiawang", "quanshan", "tongshan", "feng", "pei", "suining", "xinyi", "pizhou", "city"],
            t.Divisions.Select(d => d.Slug));
        Assert.Equal(Enumerable.Range(0, 11), t.Divisions.Select(d => d.Index));
        Assert.Equal("City departments", t.Divisions[10].Name);
    }

    [Theory]
    [InlineData(42)]
    [InlineData(1)]
    [InlineData(2024)]
    public void Default_tree_puts_platforms_in_all_eleven_divisions_with_a_good_share_for_city_departments(int seed)
    {
        var t = TopologyBuilder.Build(TopologySpec.Xuzhou, seed);

        var perDivision = t.Divisions.Select(d => t.Platforms.Count(p => p.Division == d.Index)).ToArray();
        Assert.All(perDivision, n => Assert.True(n >= 1));
        var city = perDivision[10];
        Assert.True(city >= 7, $"city departments got only {city} of 45 platforms");
        Assert.True(city == perDivision.Max(), "city departments should be the largest group of platforms");
    }

    [Fact]
    public void Eleven_platforms_put_exactly_one_in_each_division()
    {
        var t = TopologyBuilder.Build(new TopologySpec(11, 200, 1_000, 0, 0), 42);

        Assert.Equal(Enumerable.Range(0, 11), t.Platforms.Select(p => p.Division));
    }

    [Fact]
    public void Platforms_of_one_division_are_numbered_contiguously()
    {
        var t = TopologyBuilder.Build(TopologySpec.Xuzhou, 42);

        var divisions = t.Platforms.Select(p => p.Division).ToArray();
        Assert.Equal(divisions.Order(), divisions);
    }

    [Fact]
    public void Co_handling_units_are_dense_ordered_by_point_and_named_after_their_point()
    {
        var t = TopologyBuilder.Build(TopologySpec.Xuzhou, 42);

        var previous = -1;
        var centreOrdinal = 0;
        var postOrdinal = 0;
        var previousWasPost = false;
        for (var i = 0; i < t.CoHandling.Count; i++)
        {
            var u = t.CoHandling[i];
            Assert.Equal(i, u.Index);
            Assert.InRange(u.At.Value, previous, t.Points.Count - 1);
            if (u.At.Value != previous)
            {
                centreOrdinal = postOrdinal = 0;
                previousWasPost = false;
            }

            Assert.False(u.IsCentre && previousWasPost, $"{u.Path}: centres come before posts at a point");
            var point = t.Points[u.At.Value];
            var expected = u.IsCentre ? $"{point.Path}/chc{centreOrdinal++}" : $"{point.Path}/chp{postOrdinal++}";
            Assert.Equal(expected, u.Path);
            previousWasPost = !u.IsCentre;
            previous = u.At.Value;
        }

        Assert.Contains(t.CoHandling.GroupBy(u => u.At), g => g.Count() > 1);
    }

    [Fact]
    public void Camera_paths_are_computed_on_demand_from_the_point_path()
    {
        var t = TopologyBuilder.Build(TopologySpec.Xuzhou, 42);

        var point = t.Points[1_234];
        var third = new CameraId(point.FirstCamera.Value + Math.Min(2, point.CameraCount - 1));
        Assert.Matches(new Regex($"^{Regex.Escape(point.Path)}/cam[0-2]$"), t.PathOf(third));
    }
}
