using MonitorSim.Domain.Topology;

namespace MonitorSim.Domain.Tests.Topology;

/// <summary>Specs that cannot be built are rejected with a message naming the offending field.</summary>
public sealed class TopologyBuilderValidationTests
{
    [Theory]
    [InlineData(0, 10, 10, 0, 0, "platforms")]
    [InlineData(-1, 10, 10, 0, 0, "platforms")]
    [InlineData(5, 4, 10, 0, 0, "points")]
    [InlineData(5, -4, 10, 0, 0, "points")]
    [InlineData(5, 10, 9, 0, 0, "cameras")]
    [InlineData(5, 10, -9, 0, 0, "cameras")]
    [InlineData(5, 10, 10, -1, 0, "centres")]
    [InlineData(5, 10, 10, 0, -1, "posts")]
    public void Impossible_spec_is_rejected_with_a_message_naming_the_field(
        int platforms, int points, int cameras, int centres, int posts, string field)
    {
        var ex = Assert.Throws<ArgumentException>(
            () => TopologyBuilder.Build(new TopologySpec(platforms, points, cameras, centres, posts), 42));

        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_spec_is_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => TopologyBuilder.Build(null!, 42));
    }

    [Fact]
    public void Spec_with_exactly_one_point_per_platform_and_one_camera_per_point_is_accepted()
    {
        var t = TopologyBuilder.Build(new TopologySpec(5, 5, 5, 0, 0), 42);

        Assert.All(t.Points, p => Assert.Equal(1, p.CameraCount));
        Assert.All(t.Platforms, p => Assert.Equal(1, p.PointCount));
    }
}
