using MonitorSim.Cluster.Tests.Support;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Topology;

namespace MonitorSim.Cluster.Tests;

public sealed class FaultTests
{
    [Fact]
    public async Task A_crashed_platform_answers_nothing_then_restarts_and_its_cameras_must_register_again()
    {
        await using var t = await TreeFixture.StartAsync();
        await t.RegisterAllAsync();
        var camera = new CameraId(0);
        var platform = t.Topology.PlatformOf(camera).Value;

        t.Node.CrashPlatform(platform, TimeSpan.FromSeconds(1));
        // The crash goes through the shard region; the camera's keepalive straight to the platform once the port knows
        // it, so it could overtake the crash. A status query through the region comes after the crash, and goes
        // unanswered once the platform is down.
        await Assert.ThrowsAnyAsync<Exception>(() => t.Node.PlatformStatusAsync(platform, TimeSpan.FromMilliseconds(150)));
        t.Tree.Keepalive(camera, TreeFixture.Ticket(camera.Value));
        Assert.True(await t.Outcomes.StaysSilentAsync(TimeSpan.FromMilliseconds(150)), "a crashed platform must not answer");

        await Eventually.HoldsAsync(async () =>
            Assert.Equal(2, (await t.Node.PlatformStatusAsync(platform, TimeSpan.FromMilliseconds(200))).Incarnation));

        t.Tree.Keepalive(camera, TreeFixture.Ticket(camera.Value));
        var refused = await t.Outcomes.NextAsync();
        Assert.Equal(OpStatus.Rejected, refused.Status);
        Assert.Equal("not_registered", refused.Reason);

        t.Tree.Register(camera, TreeFixture.Ticket(camera.Value));
        Assert.Equal(OpStatus.Ok, (await t.Outcomes.NextAsync()).Status);
        t.Tree.Keepalive(camera, TreeFixture.Ticket(camera.Value));
        Assert.Equal(OpStatus.Ok, (await t.Outcomes.NextAsync()).Status);
    }

    [Fact]
    public async Task Other_platforms_keep_answering_while_one_is_down()
    {
        await using var t = await TreeFixture.StartAsync();
        await t.RegisterAllAsync();
        var down = t.Topology.PlatformOf(new CameraId(0)).Value;
        var elsewhere = new CameraId(t.Topology.CameraCount - 1);
        Assert.NotEqual(down, t.Topology.PlatformOf(elsewhere).Value);

        t.Node.CrashPlatform(down, TimeSpan.FromSeconds(2));
        t.Tree.Keepalive(elsewhere, TreeFixture.Ticket(elsewhere.Value));

        var answer = await t.Outcomes.NextAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(elsewhere.Value, answer.Ticket.Subject);
        Assert.Equal(OpStatus.Ok, answer.Status);
    }

    [Fact]
    public async Task After_the_city_restarts_the_platforms_register_again_and_the_catalog_resyncs()
    {
        await using var t = await TreeFixture.StartAsync();
        await t.RegisterAllAsync();
        await Eventually.HoldsAsync(async () => Assert.Equal(30, (await t.Node.CityStatusAsync()).CamerasOnline));
        var catalogBefore = (await t.Node.CityStatusAsync()).CatalogItemsReceived;

        t.Node.CrashCity(TimeSpan.FromMilliseconds(200));

        // The restarted city knows nothing until the platforms' next keepalive is refused, they register again and
        // the city pulls each catalog, page by page.
        await Eventually.HoldsAsync(async () =>
        {
            var city = await t.Node.CityStatusAsync(TimeSpan.FromMilliseconds(200));
            Assert.Equal(3, city.PlatformsConnected);
            Assert.Equal(30, city.CamerasOnline);
            Assert.Equal(30, city.CatalogItemsReceived); // a fresh city: its counter restarted and saw every camera again
        }, TimeSpan.FromSeconds(15));
        Assert.True(catalogBefore >= 30);
    }

    [Fact]
    public async Task An_alarm_raised_while_its_platform_is_down_is_delivered_after_the_restart()
    {
        await using var t = await TreeFixture.StartAsync();
        await t.RegisterAllAsync();
        var camera = new CameraId(2);
        var platform = t.Topology.PlatformOf(camera).Value;

        t.Node.CrashPlatform(platform, TimeSpan.FromMilliseconds(300));
        t.Tree.RaiseAlarm(camera, AlarmType.QueueOverflow, TreeFixture.Ticket(camera.Value));

        // The point keeps resending until the platform stores it (at least once), so the alarm completes late, not never.
        var done = await t.Outcomes.NextAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(OpStatus.Ok, done.Status);
        Assert.Equal(1, (await t.Node.PlatformStatusAsync(platform)).Total.ActiveAlarms);
    }
}
