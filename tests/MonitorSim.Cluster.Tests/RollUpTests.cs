using MonitorSim.Cluster.Tests.Support;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cluster.Tests;

public sealed class RollUpTests
{
    [Fact]
    public async Task Roll_up_counts_follow_the_cameras_that_drop_from_point_to_platform_to_city()
    {
        await using var t = await TreeFixture.StartAsync();
        await t.RegisterAllAsync();
        await Eventually.HoldsAsync(async () => Assert.Equal(30, (await t.Node.CityStatusAsync()).CamerasOnline));

        // Only the cameras of point 0 keep alive; every other camera falls silent past the offline window.
        var kept = t.Topology.Points[0];
        t.Clock.Advance(TimeSpan.FromSeconds(120));
        for (var c = kept.FirstCamera.Value; c < kept.FirstCamera.Value + kept.CameraCount; c++)
            t.Tree.Keepalive(new CameraId(c), TreeFixture.Ticket(c));
        Assert.All(await t.Outcomes.NextAsync(kept.CameraCount), a => Assert.Equal(OpStatus.Ok, a.Status));
        t.Clock.Advance(TimeSpan.FromSeconds(70));

        await Eventually.HoldsAsync(async () =>
        {
            var city = await t.Node.CityStatusAsync();
            Assert.Equal(kept.CameraCount, city.CamerasOnline);
            Assert.Equal(30 - kept.CameraCount, city.CamerasOffline);
        });
        var platform = await t.Node.PlatformStatusAsync(kept.Platform.Value);
        Assert.Equal(kept.CameraCount, platform.Points[0].Online);
        Assert.Equal(0, platform.Points[0].Offline);
        Assert.All(platform.Points.Skip(1), p => Assert.Equal(0, p.Online));
        Assert.Equal(kept.CameraCount, platform.Total.Online);
    }
}
